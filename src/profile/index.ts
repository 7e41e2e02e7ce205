export * from './profile.loader.ts'
export * from './profile.schema.ts'
export * from './profile.ts'
