import { TIME_ZONE } from '../i18n/config'

// Dates and numbers always through Intl in the reader's language; times in São Paulo's zone.
export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(iso))
}

/**
 * A calendar date ("2025-06-30") is a day, not an instant: it is formatted as that day in UTC, or
 * São Paulo's clock (UTC−3) would show the day before. Instants are shown in São Paulo's zone.
 */
export function formatDate(iso: string, language: string): string {
  const calendarDay = /^\d{4}-\d{2}-\d{2}$/.test(iso)
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    timeZone: calendarDay ? 'UTC' : TIME_ZONE,
  }).format(new Date(iso))
}

export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(language, options).format(value)
}

export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code
  } catch {
    return code
  }
}

export function formatPercent(fraction: number, language: string): string {
  return formatNumber(fraction, language, { style: 'percent', maximumFractionDigits: 1 })
}

/** A wall-clock time of day ("08:00", a polling place's hours) in the reader's language ("8:00 AM"). */
export function formatTimeOfDay(hhmm: string, language: string): string {
  if (!/^\d{2}:\d{2}$/.test(hhmm)) return hhmm
  return new Intl.DateTimeFormat(language, { timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(`1970-01-01T${hhmm}:00Z`),
  )
}
