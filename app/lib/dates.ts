// Date helpers shared by forms and pages (no zod here: this module reaches the browser).

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

/** ISO instant → the datetime-local value in São Paulo time (UTC−3, no daylight saving), for pre-filling forms. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return ''
  return new Date(new Date(iso).getTime() - 3 * 3600_000).toISOString().slice(0, 16)
}
