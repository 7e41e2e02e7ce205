/**
 * 保証制度一覧: the program catalogue of the profile, searchable by name and filterable by level
 * (県 / 市町村 / 国 / 協会) and by whether the engine can quote it. Each program opens to its
 * frames with every term as printed, its source lines, and the fields we had to judge (判断) or
 * could not bind (不明) marked with the reason.
 */
import {
  Alert,
  Button,
  Card,
  Collapse,
  Descriptions,
  Empty,
  Input,
  Segmented,
  Space,
  Spin,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react'
import {
  ApiError,
  api,
  errorText,
  type FeeRule,
  type Frame,
  type Municipality,
  type PeriodKey,
  type Program,
  type ProgramCatalogue,
  type ProgramLevel,
  type User,
} from './api.ts'
import { type DateFormat, formatAmount, formatDate, formatMonths, formatPercent } from './format.ts'
import { codeLabel, fill, type Locale, type MessageKey, type Translate } from './i18n.ts'
import { LEVEL_COLOURS } from './levels.ts'

type Props = { user: User; locale: Locale; t: Translate; onSessionExpired: () => void }

type Load =
  | { kind: 'loading' }
  | { kind: 'loaded'; catalogue: ProgramCatalogue; municipalities: Map<string, string> }
  | { kind: 'failed'; error: ApiError }

const LEVELS: readonly ProgramLevel[] = ['prefecture', 'municipality', 'national', 'corporation']
const PERIOD_KEYS: readonly PeriodKey[] = [
  'any',
  'working',
  'equipment',
  'mixed',
  'refinancing',
  'lumpSum',
  'installment',
]

/** Case- and width-insensitive text for searching (全角 Ａ and half-width A match). */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

type Shown = { program: Program; frames: Frame[] }

/** The programs that pass the filters, each with the frames to show. */
function filterPrograms(
  programs: readonly Program[],
  query: string,
  level: ProgramLevel | 'all',
  quotableOnly: boolean,
): Shown[] {
  const q = normalise(query.trim())
  const hit = (...texts: (string | undefined)[]) =>
    texts.some((s) => s !== undefined && normalise(s).includes(q))
  return programs.flatMap((program) => {
    if (level !== 'all' && program.level !== level) return []
    const programHit = q === '' || hit(program.name, program.nameEn, program.code)
    const frames = program.frames.filter(
      (frame) =>
        (!quotableOnly || frame.quotable) &&
        (programHit || hit(frame.name, frame.nameEn, frame.label, frame.code)),
    )
    return frames.length === 0 ? [] : [{ program, frames }]
  })
}

export default function ProgramsPage({ user, locale, t, onSessionExpired }: Props) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' })
  const [query, setQuery] = useState('')
  const [level, setLevel] = useState<ProgramLevel | 'all'>('all')
  const [quotableOnly, setQuotableOnly] = useState(false)
  const dates: DateFormat = { dateStyle: user.settings.dateStyle, locale }

  const fetchCatalogue = useCallback(() => {
    setLoad({ kind: 'loading' })
    // Municipality names are a nicety (subsidy payers by name): the list shows codes without them.
    const names = api.municipalities().then(
      (items) => new Map(items.map((m: Municipality) => [m.code, m.name])),
      () => new Map<string, string>(),
    )
    Promise.all([api.programs(), names]).then(
      ([catalogue, municipalities]) => setLoad({ kind: 'loaded', catalogue, municipalities }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return onSessionExpired()
        setLoad({
          kind: 'failed',
          error: error instanceof ApiError ? error : new ApiError(0, 'network', null),
        })
      },
    )
  }, [onSessionExpired])

  useEffect(fetchCatalogue, [fetchCatalogue])

  const shown = useMemo(
    () => (load.kind === 'loaded' ? filterPrograms(load.catalogue.items, query, level, quotableOnly) : []),
    [load, query, level, quotableOnly],
  )

  if (load.kind === 'loading') {
    return (
      <div style={{ display: 'grid', placeItems: 'center', padding: 64 }}>
        <Spin size="large" />
      </div>
    )
  }
  if (load.kind === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={errorText(load.error, locale, t)}
        action={<Button onClick={fetchCatalogue}>{t('retry')}</Button>}
      />
    )
  }

  const { catalogue, municipalities } = load

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="programs">
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        {t('programsTitle')}
      </Typography.Title>
      <Card size="small">
        <Space wrap size="middle" style={{ width: '100%' }}>
          <Input.Search
            allowClear
            placeholder={t('programsSearch')}
            aria-label={t('programsSearch')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            style={{ width: 320 }}
            data-testid="programs-search"
          />
          <Segmented<ProgramLevel | 'all'>
            aria-label={t('programsLevel')}
            value={level}
            onChange={setLevel}
            options={[
              { value: 'all', label: t('levelAll') },
              ...LEVELS.map((l) => ({ value: l, label: codeLabel(t, 'level', l) })),
            ]}
          />
          <Space size="small">
            <Switch
              id="quotable-only"
              checked={quotableOnly}
              onChange={setQuotableOnly}
              aria-label={t('quotableOnly')}
            />
            <label htmlFor="quotable-only">{t('quotableOnly')}</label>
          </Space>
          <Typography.Text type="secondary" data-testid="programs-count">
            {fill(t('programsCount'), { shown: shown.length, total: catalogue.items.length })}
          </Typography.Text>
        </Space>
        <Typography.Paragraph
          type="secondary"
          style={{ fontSize: 12, margin: '8px 0 0' }}
          ellipsis={{ rows: 1, expandable: true, symbol: '…' }}
        >
          {t('source')}: {catalogue.source}（{t('effectiveFrom')} {formatDate(catalogue.effectiveFrom, dates)}
          ）
        </Typography.Paragraph>
      </Card>

      {shown.length === 0 ? (
        <Card>
          <Empty description={t('programsNone')} />
        </Card>
      ) : (
        <Collapse
          data-testid="program-list"
          items={shown.map(({ program, frames }) => ({
            key: program.code,
            label: <ProgramHeader program={program} frames={frames} locale={locale} t={t} />,
            children: (
              <div data-testid={`program-${program.code}`}>
                <ProgramBody
                  program={program}
                  frames={frames}
                  dates={dates}
                  municipalities={municipalities}
                  t={t}
                />
              </div>
            ),
          }))}
        />
      )}
    </Space>
  )
}

function ProgramHeader(props: { program: Program; frames: Frame[]; locale: Locale; t: Translate }) {
  const { program, frames, locale, t } = props
  const single = frames.length === 1 && program.frames.length === 1 ? frames[0] : undefined
  const quotable = frames.some((f) => f.quotable)
  return (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}
      data-testid={`program-header-${program.code}`}
    >
      <Tag color={LEVEL_COLOURS[program.level]} style={{ marginInlineEnd: 0 }}>
        {codeLabel(t, 'level', program.level)}
      </Tag>
      <Typography.Text strong>{locale === 'ja' ? program.name : program.nameEn}</Typography.Text>
      {locale === 'en' && <Typography.Text type="secondary">{program.name}</Typography.Text>}
      <span style={{ flex: '1 1 auto' }} />
      {single?.loanLimit !== undefined && (
        <Typography.Text type="secondary">
          {t('fieldLoanLimit')} {single.loanLimit.printed}
        </Typography.Text>
      )}
      {single !== undefined && (
        <Typography.Text type="secondary">
          {t('fieldFee')} {single.feePrinted}
        </Typography.Text>
      )}
      {single === undefined && (
        <Typography.Text type="secondary">{fill(t('framesCount'), { n: frames.length })}</Typography.Text>
      )}
      {!quotable && <Tag color="default">{t('notQuotable')}</Tag>}
    </div>
  )
}

function ProgramBody(props: {
  program: Program
  frames: Frame[]
  dates: DateFormat
  municipalities: Map<string, string>
  t: Translate
}) {
  const { program, frames, dates, municipalities, t } = props
  const several = program.frames.length > 1
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {several && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('source')}: {program.source}
        </Typography.Text>
      )}
      {(program.notes ?? []).length > 0 && (
        <ul style={{ margin: 0, paddingInlineStart: 20, fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
          {program.notes?.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      {frames.map((frame) => (
        <FrameDetails
          key={frame.code}
          program={program}
          frame={frame}
          titled={several}
          dates={dates}
          municipalities={municipalities}
          t={t}
        />
      ))}
    </Space>
  )
}

/** Which `judged` / `unknown` keys (their first segment) each row of a frame stands for. */
const ROW_FIELDS: Record<string, readonly string[]> = {
  loanLimit: ['loanLimit'],
  interestRate: ['interestRate'],
  periods: ['periods'],
  fundUses: ['fundUses'],
  fee: ['fee', 'feePrinted', 'safetyNetFee', 'specialGuarantee'],
  subsidy: ['subsidy'],
  insuranceTypes: ['insuranceTypes'],
  limitFrame: ['limitFrame', 'certifiedLimitFrames'],
  programCap: ['programCap'],
  responsibilitySharing: ['responsibilitySharing', 'partialGuaranteeAlways'],
  managerGuarantee: ['managerGuaranteeWaiverAllowed', 'managerGuaranteeSurchargeAlways'],
  discounts: ['accountingAdvisorDiscount', 'collateralDiscount'],
  eligibility: ['eligibility'],
  effective: ['effectiveFrom', 'effectiveTo'],
}

type Certainty = { kind: 'judged' | 'unknown'; key: string; reason: string }

function certaintiesOf(frame: Frame): Certainty[] {
  return [
    ...Object.entries(frame.unknown ?? {}).map(([key, reason]) => ({
      kind: 'unknown' as const,
      key,
      reason,
    })),
    ...Object.entries(frame.judged ?? {}).map(([key, reason]) => ({ kind: 'judged' as const, key, reason })),
  ]
}

function Marks({ items, t }: { items: Certainty[]; t: Translate }) {
  if (items.length === 0) return null
  const groups = (['unknown', 'judged'] as const).map((kind) => items.filter((c) => c.kind === kind))
  return (
    <>
      {groups.map((group) => {
        const first = group[0]
        if (first === undefined) return null
        const unknown = first.kind === 'unknown'
        return (
          <Tooltip
            key={first.kind}
            trigger={['hover', 'focus']}
            title={
              <div>
                <div style={{ fontWeight: 600, marginBottom: 4 }}>
                  {t(unknown ? 'unknownHint' : 'judgedHint')}
                </div>
                {group.map((c) => (
                  <div key={c.key}>
                    {group.length > 1 || c.key.includes('.') ? `${c.key}: ` : ''}
                    {c.reason}
                  </div>
                ))}
              </div>
            }
          >
            <Tag
              color={unknown ? 'red' : 'gold'}
              style={{ marginInlineStart: 6, cursor: 'help' }}
              data-testid={unknown ? 'unknown-mark' : 'judged-mark'}
              tabIndex={0}
            >
              {t(unknown ? 'unknownMark' : 'judgedMark')}
            </Tag>
          </Tooltip>
        )
      })}
    </>
  )
}

function FrameDetails(props: {
  program: Program
  frame: Frame
  titled: boolean
  dates: DateFormat
  municipalities: Map<string, string>
  t: Translate
}) {
  const { program, frame, titled, dates, municipalities, t } = props
  const ja = dates.locale === 'ja'
  const certainties = certaintiesOf(frame)
  const marksFor = (row: string) => {
    const fields = ROW_FIELDS[row] ?? [row]
    return certainties.filter((c) => fields.includes(c.key.split('.')[0] ?? c.key))
  }
  const isUnknown = (row: string) => marksFor(row).some((c) => c.kind === 'unknown')
  const yen = (amount: number) => formatAmount(amount, dates.locale)
  const dash = <Typography.Text type="secondary">—</Typography.Text>

  const rows: { key: string; label: MessageKey; children: ReactNode; show: boolean }[] = [
    {
      key: 'loanLimit',
      label: 'fieldLoanLimit',
      show: true,
      children: frame.loanLimit ? (
        <div>
          <Typography.Text strong>{frame.loanLimit.printed}</Typography.Text>
          <Typography.Text> （{yen(frame.loanLimit.amountYen)}）</Typography.Text>
          {frame.loanLimit.cooperativeAmountYen !== undefined && (
            <div>
              {t('limitCooperative')}: {yen(frame.loanLimit.cooperativeAmountYen)}
            </div>
          )}
          {frame.loanLimit.sharedLimitGroup !== undefined && (
            <div>
              {t('limitShared')}: {yen(frame.loanLimit.sharedLimitGroup.amountYen)}
            </div>
          )}
          {frame.loanLimit.minAmountYen !== undefined && (
            <div>
              {t('limitMinimum')}: {yen(frame.loanLimit.minAmountYen)}
            </div>
          )}
          {frame.loanLimit.unitYen !== undefined && (
            <div>
              {t('limitUnit')}: {yen(frame.loanLimit.unitYen)}
            </div>
          )}
          {frame.loanLimit.note !== undefined && <Note text={frame.loanLimit.note} />}
        </div>
      ) : (
        dash
      ),
    },
    {
      key: 'interestRate',
      label: 'fieldInterest',
      show: true,
      children: frame.interestRate ? frame.interestRate.printed : dash,
    },
    {
      key: 'periods',
      label: 'fieldPeriods',
      show: true,
      children: frame.periods ? <Periods periods={frame.periods} locale={dates.locale} t={t} /> : dash,
    },
    {
      key: 'fundUses',
      label: 'fieldFundUses',
      show: frame.fundUses !== undefined || isUnknown('fundUses'),
      children: frame.fundUses?.map((use) => codeLabel(t, 'fundUse', use)).join(ja ? '・' : ', ') ?? dash,
    },
    {
      key: 'fee',
      label: 'fieldFee',
      show: true,
      children: (
        <div>
          <Typography.Text strong>{frame.feePrinted}</Typography.Text>
          <Typography.Text type="secondary"> （{feeRuleText(frame.fee, t, ja)}）</Typography.Text>
          {frame.safetyNetFee !== undefined && (
            <div>
              {t('feeSafetyNet')}: {feeRuleText(frame.safetyNetFee, t, ja)}
            </div>
          )}
          {frame.specialGuarantee === true && <div>{t('specialGuarantee')}</div>}
        </div>
      ),
    },
    {
      key: 'subsidy',
      label: 'fieldSubsidy',
      show: true,
      children: frame.subsidy ? (
        <div>
          {frame.subsidy.payers.map((payer) => {
            const who =
              payer.municipalityCode === undefined
                ? codeLabel(t, 'payer', payer.kind)
                : (municipalities.get(payer.municipalityCode) ?? payer.municipalityCode)
            return (
              <Tag key={`${payer.kind}-${payer.municipalityCode ?? ''}`} color="cyan">
                {who} {codeLabel(t, 'share', payer.share)}
              </Tag>
            )
          })}
          <Note text={frame.subsidy.note} />
        </div>
      ) : (
        t('none')
      ),
    },
    {
      key: 'insuranceTypes',
      label: 'fieldInsurance',
      show: true,
      children: frame.insuranceTypes
        ? frame.insuranceTypes.map((type) => <Tag key={type}>{codeLabel(t, 'insurance', type)}</Tag>)
        : dash,
    },
    {
      key: 'limitFrame',
      label: 'fieldLimitFrame',
      show: true,
      children: (
        <>
          {codeLabel(t, 'frame', frame.limitFrame)}
          {frame.certifiedLimitFrames !== undefined &&
            `（${t('whenCertified')}: ${frame.certifiedLimitFrames.map((f) => codeLabel(t, 'frame', f)).join(ja ? '・' : ', ')}）`}
        </>
      ),
    },
    {
      key: 'programCap',
      label: 'fieldProgramCap',
      show: frame.programCap !== undefined,
      children: frame.programCap
        ? `${yen(frame.programCap.amountYen)}（${codeLabel(t, 'cap', frame.programCap.group)}）`
        : dash,
    },
    {
      key: 'responsibilitySharing',
      label: 'fieldSharing',
      show: true,
      children: (
        <>
          {codeLabel(t, 'sharing', String(frame.responsibilitySharing))}
          {frame.partialGuaranteeAlways === true && `（${t('partialGuaranteeAlways')}）`}
        </>
      ),
    },
    {
      key: 'managerGuarantee',
      label: 'fieldManagerGuarantee',
      show: true,
      children: t(
        frame.managerGuaranteeSurchargeAlways === true
          ? 'waiverAlways'
          : frame.managerGuaranteeWaiverAllowed
            ? 'waiverAllowed'
            : 'waiverNotAllowed',
      ),
    },
    {
      key: 'discounts',
      label: 'fieldDiscounts',
      show: true,
      children:
        [
          ...(frame.collateralDiscount ? [t('discountCollateral')] : []),
          ...(frame.accountingAdvisorDiscount ? [t('discountAdvisor')] : []),
        ].join(ja ? '、' : ', ') || t('none'),
    },
    {
      key: 'eligibility',
      label: 'fieldEligibility',
      show: true,
      children: <Eligibility frame={frame} t={t} ja={ja} />,
    },
    {
      key: 'effective',
      label: 'fieldEffective',
      show: true,
      children: effectiveText(
        frame.effectiveFrom ?? program.effectiveFrom,
        frame.effectiveTo ?? program.effectiveTo,
        dates,
        t,
      ),
    },
    {
      key: 'source',
      label: 'source',
      show: true,
      children: (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="frame-source">
          {frame.source}
        </Typography.Text>
      ),
    },
    {
      key: 'notes',
      label: 'fieldNotes',
      show: (frame.notes ?? []).length > 0,
      children: (
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {frame.notes?.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ),
    },
  ]

  const shownRows = new Set(rows.filter((r) => r.show).map((r) => r.key))
  const elsewhere = certainties.filter(
    (c) =>
      !Object.entries(ROW_FIELDS).some(
        ([row, fields]) => shownRows.has(row) && fields.includes(c.key.split('.')[0] ?? ''),
      ),
  )

  const title = (
    <Space wrap size={6}>
      {frame.label !== undefined && <Tag>{frame.label}</Tag>}
      <span>{ja ? frame.name : frame.nameEn}</span>
      {!ja && <Typography.Text type="secondary">{frame.name}</Typography.Text>}
      <Tag color={frame.quotable ? 'success' : 'default'}>
        {t(frame.quotable ? 'quotable' : 'notQuotable')}
      </Tag>
      <Marks items={elsewhere} t={t} />
    </Space>
  )

  const body = (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      {!frame.quotable && (
        <Alert
          type="warning"
          showIcon
          title={t('notQuotableReason')}
          description={frame.quotableReason}
          data-testid="not-quotable"
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 180, whiteSpace: 'nowrap' } }}
        items={rows
          .filter((r) => r.show)
          .map((r) => ({
            key: r.key,
            label: (
              <span>
                {t(r.label)}
                <Marks items={marksFor(r.key)} t={t} />
              </span>
            ),
            children: r.children,
          }))}
      />
      {certainties.length > 0 && (
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'certainty',
              label: fill(t('certaintyTitle'), { n: certainties.length }),
              children: (
                <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="certainty-list">
                  {certainties.map((c) => (
                    <li key={`${c.kind}-${c.key}`}>
                      <Tag color={c.kind === 'unknown' ? 'red' : 'gold'}>
                        {t(c.kind === 'unknown' ? 'unknownMark' : 'judgedMark')}
                      </Tag>
                      <Typography.Text code>{c.key}</Typography.Text> {c.reason}
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      )}
    </Space>
  )

  if (!titled) return <div data-testid={`frame-${frame.code}`}>{body}</div>
  return (
    <Card size="small" title={title} data-testid={`frame-${frame.code}`}>
      {body}
    </Card>
  )
}

function Note({ text }: { text: string }) {
  return (
    <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 0' }}>
      {text}
    </Typography.Paragraph>
  )
}

function Periods(props: { periods: Frame['periods'] & object; locale: Locale; t: Translate }) {
  const { periods, locale, t } = props
  const months = (n: number) => formatMonths(n, locale)
  const sep = locale === 'ja' ? '、' : ', '
  return (
    <div>
      {PERIOD_KEYS.flatMap((key) => {
        const p = periods[key]
        if (p === undefined) return []
        const parts = [fill(t('termWithin'), { term: months(p.maxMonths) })]
        if (p.minMonths !== undefined) parts.push(fill(t('termAtLeast'), { term: months(p.minMonths) }))
        if (p.fixedMonths !== undefined)
          parts.push(
            fill(t('termFixed'), { terms: p.fixedMonths.map(months).join(locale === 'ja' ? '・' : ' / ') }),
          )
        if (p.maxDeferMonths !== undefined)
          parts.push(fill(t('deferWithin'), { defer: months(p.maxDeferMonths) }))
        for (const use of ['working', 'equipment', 'mixed'] as const) {
          const m = p.maxDeferMonthsByUse?.[use]
          if (m !== undefined)
            parts.push(`${codeLabel(t, 'fundUse', use)} ${fill(t('deferWithin'), { defer: months(m) })}`)
        }
        return [
          <div key={key} data-testid={`period-${key}`}>
            <Typography.Text type="secondary">{codeLabel(t, 'period', key)}: </Typography.Text>
            {parts.join(sep)}
            {p.note !== undefined && <Note text={p.note} />}
          </div>,
        ]
      })}
    </div>
  )
}

function Eligibility({ frame, t, ja }: { frame: Frame; t: Translate; ja: boolean }) {
  const el = frame.eligibility
  const items: string[] = []
  if (el.startupWithinYears !== undefined) items.push(fill(t('startupWithin'), { n: el.startupWithinYears }))
  if (el.safetyNetNumbers !== undefined)
    items.push(fill(t('safetyNetRequired'), { n: el.safetyNetNumbers.join(ja ? '・' : ', ') }))
  if (el.smallBusinessOnly === true) items.push(t('smallBusinessOnly'))
  if (el.legalForms !== undefined)
    items.push(
      fill(t('legalFormsOnly'), {
        forms: el.legalForms.map((f) => codeLabel(t, 'legal', f)).join(ja ? '・' : ', '),
      }),
    )
  if (el.requiresCertification !== undefined) items.push(el.requiresCertification)
  items.push(...el.conditions)
  if (items.length === 0) return <Typography.Text type="secondary">—</Typography.Text>
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  )
}

/** The fee rule in words, beside the printed cell. */
function feeRuleText(fee: FeeRule, t: Translate, ja: boolean): string {
  const base = codeLabel(t, 'fee', fee.kind)
  switch (fee.kind) {
    case 'tier_table_offset':
      return `${base} ${fee.offset}`
    case 'tier_shift':
      return `${base} −${fee.shift}`
    case 'by_safety_net_number':
      return `${base}: ${Object.entries(fee.rates)
        .map(([n, rate]) => `${fill(t('safetyNetItem'), { n })} ${formatPercent(rate)}`)
        .join(ja ? '、' : ', ')}`
    case 'by_responsibility_sharing':
      return `${codeLabel(t, 'sharing', 'true')} ${fee.shared}${ja ? '、' : ', '}${codeLabel(t, 'sharing', 'false')} ${fee.notShared}`
    case 'unknown':
      return `${base}: ${fee.note}`
    default:
      return base
  }
}

function effectiveText(from: string, to: string | undefined, dates: DateFormat, t: Translate): string {
  const f = formatDate(from, dates)
  return to === undefined
    ? fill(t('effectiveOpen'), { from: f })
    : fill(t('effectiveRange'), { from: f, to: formatDate(to, dates) })
}
