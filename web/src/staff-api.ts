/**
 * The staff-only API the screens use: the 反社会的勢力 list (GET/POST /api/v1/antisocial-entries)
 * and the reservation extension (POST /api/v1/applications/:id/reservation/extend).
 */
import { apiRequest } from './api.ts'
import type { Application, Reservation } from './guarantee-api.ts'

export type AntisocialEntry = {
  id: string
  name: string
  normalizedName: string
  note: string | null
  addedAt: string
}

export const staffApi = {
  async antisocialEntries(): Promise<AntisocialEntry[]> {
    return (await apiRequest<{ items: AntisocialEntry[] }>('GET', '/api/v1/antisocial-entries')).items
  },
  addAntisocialEntry(body: { name: string; note?: string }): Promise<AntisocialEntry> {
    return apiRequest('POST', '/api/v1/antisocial-entries', body)
  },
  extendReservation(
    id: string,
    body: { expectedVersion: number; expiresOn?: string },
  ): Promise<{ application: Application; reservation: Reservation }> {
    return apiRequest('POST', `/api/v1/applications/${id}/reservation/extend`, body)
  },
}
