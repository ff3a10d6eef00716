// Date helpers shared by forms and pages (no zod here: this module reaches the browser).
import { TIME_ZONE } from '../i18n/config'

/** Accepts YYYY-MM-DD (date inputs) and DD/MM/YYYY (typed by hand); returns YYYY-MM-DD. */
export function parseDate(raw: string): string | null {
  const value = raw.normalize('NFKC').trim()
  let y: number, m: number, d: number
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value)))
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])]
  else return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return null
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** How far the clock in `timeZone` is ahead of UTC at `instant`, in milliseconds (negative west of Greenwich). */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant)
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wallClockAsUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'))
  return wallClockAsUtc - Math.floor(instant.getTime() / 1000) * 1000
}

/** ISO instant → the datetime-local value on the council's clock (TIME_ZONE), for pre-filling forms. */
export function toLocalInput(iso: string | null, timeZone: string = TIME_ZONE): string {
  if (!iso) return ''
  const instant = new Date(iso)
  return new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 16)
}

/**
 * A datetime-local value ("2026-10-04T08:00") read on the council's clock (TIME_ZONE) → ISO instant,
 * or null when it is not a valid date and time. São Paulo has kept UTC−3 all year since 2019; the
 * zone's own rules are used so historical dates and any future change stay right.
 */
export function fromLocalInput(value: string, timeZone: string = TIME_ZONE): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(value)
  if (!m) return null
  const asUtc = new Date(`${m[1]}T${m[2]}:00Z`)
  if (Number.isNaN(asUtc.getTime())) return null
  // The offset at the wall-clock time itself, then corrected once for a change in between.
  let instant = asUtc.getTime() - zoneOffsetMs(asUtc, timeZone)
  instant = asUtc.getTime() - zoneOffsetMs(new Date(instant), timeZone)
  return new Date(instant).toISOString()
}
