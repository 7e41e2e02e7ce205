export * from './audit.repository.ts'
export * from './audit.ts'
