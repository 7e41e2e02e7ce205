export * from './access.service.ts'
export * from './access.ts'
export * from './password.ts'
