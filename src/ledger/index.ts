export * from './close.ts'
export * from './journal.ts'
export * from './ledger.repository.ts'
export * from './ledger.service.ts'
