/** The colour of each program level's tag (県 / 市町村 / 国 / 協会), the same on every screen. */
import type { ProgramLevel } from './api.ts'

export const LEVEL_COLOURS: Record<ProgramLevel, string> = {
  prefecture: 'blue',
  municipality: 'green',
  national: 'purple',
  corporation: 'orange',
}
