import { useTranslation } from 'react-i18next'
import { formatNumber } from '../ui/format'
import { layoutBars, markOf, BAR_HEIGHT_UNITS, SWATCH, type BarInput, type BarMark } from './result-bars'

type Candidate = {
  id: string
  name: string
  organisation: string | null
  votes: number
  outcome: string
  displaced_by_parity: boolean
  seated_by_parity: boolean
}

/**
 * A name keeps its own direction inside the chart (a Portuguese name in an Arabic page keeps its
 * parentheses where they belong): first-strong isolate … pop directional isolate.
 */
const isolate = (text: string) => `\u2068${text}\u2069`

/** The fill of a bar: a pattern as well as a colour, so marks survive black-and-white print. */
const FILL: Record<BarMark, string> = {
  elected: 'solid',
  alternate: 'hatch',
  displaced: 'cross',
  none: 'none',
  blank: 'dots',
  void: 'dots',
}

/**
 * One contest's result as horizontal bars: an inline SVG drawn on the server (no JavaScript), one
 * bar per candidacy and, when the page shows them, blank and void votes on the same scale. Each
 * elected, alternate or displaced candidacy is marked in words under its bar and by its bar's
 * pattern (solid, hatched, cross-hatched), never by colour alone. For screen readers the SVG is one
 * image named by its title and described by every bar in words; the table below it repeats the
 * numbers. Bars grow from the inline-start edge (from the right in Arabic). ADR 025.
 */
export function ResultBars({
  contestId,
  title,
  candidates,
  blank,
  void: voided,
}: {
  contestId: string
  title: string
  candidates: readonly Candidate[]
  blank?: number
  void?: number
}) {
  const { t, i18n } = useTranslation('elections')
  const direction = i18n.dir(i18n.language) === 'rtl' ? 'rtl' : 'ltr'
  const n = (v: number) => formatNumber(v, i18n.language)
  const outcomeOf = (c: Candidate) =>
    [
      t(`outcomes.${c.outcome}`),
      c.seated_by_parity ? t('results.seatedByParity') : null,
      c.displaced_by_parity ? t('results.displacedByParity') : null,
    ]
      .filter(Boolean)
      .join(' · ')
  const items: BarInput[] = candidates.map((c) => {
    const mark = markOf(c)
    return {
      id: c.id,
      label: c.organisation ? `${c.organisation} (${c.name})` : c.name,
      votes: c.votes,
      mark,
      // Elected, alternate and displaced are said in words under the bar; "not elected" is not.
      note: mark === 'none' ? undefined : outcomeOf(c),
    }
  })
  if (blank !== undefined)
    items.push({ id: 'blank', label: t('resultBars.blank'), votes: blank, mark: 'blank' })
  if (voided !== undefined)
    items.push({ id: 'void', label: t('resultBars.void'), votes: voided, mark: 'void' })
  const layout = layoutBars(items, { direction })
  const id = (part: string) => `bars-${contestId}-${part}`
  const description = layout.rows
    .map((r) => {
      const c = candidates.find((x) => x.id === r.id)
      const outcome = c ? outcomeOf(c) : ''
      return `${r.label} — ${t('results.votes')}: ${n(r.votes)}${outcome ? ` — ${outcome}` : ''}.`
    })
    .join(' ')
  return (
    <svg
      className="result-bars"
      role="img"
      aria-labelledby={id('title')}
      aria-describedby={id('desc')}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
      direction={direction}
      fontSize={14}
    >
      <title id={id('title')}>{t('resultBars.title', { contest: title })}</title>
      <desc id={id('desc')}>{description}</desc>
      <defs>
        <pattern
          id={id('hatch')}
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width="6" height="6" className="result-bars__paper" />
          <line x1="0" y1="0" x2="0" y2="6" className="result-bars__ink" strokeWidth="3" />
        </pattern>
        <pattern id={id('cross')} width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" className="result-bars__paper" />
          <path d="M0 0L6 6M6 0L0 6" className="result-bars__ink" strokeWidth="1.2" />
        </pattern>
        <pattern id={id('dots')} width="5" height="5" patternUnits="userSpaceOnUse">
          <rect width="5" height="5" className="result-bars__paper" />
          <circle cx="2.5" cy="2.5" r="1" className="result-bars__dot" />
        </pattern>
      </defs>
      {layout.rows.map((r) => {
        const fill = FILL[r.mark]
        return (
          <g key={r.id} className={`result-bars__row result-bars__row--${r.mark}`}>
            <text x={r.labelX} y={r.labelY} className="result-bars__label">
              {r.lines.map((line, i) => (
                <tspan key={i} x={r.labelX} dy={i === 0 ? 0 : layout.lineHeight}>
                  {isolate(line)}
                </tspan>
              ))}
            </text>
            {r.barWidth > 0 ? (
              <rect
                x={r.barX}
                y={r.barY}
                width={r.barWidth}
                height={BAR_HEIGHT_UNITS}
                className={`result-bars__bar result-bars__bar--${fill}`}
                fill={fill === 'solid' || fill === 'none' ? undefined : `url(#${id(fill)})`}
              />
            ) : null}
            <text x={r.valueX} y={r.valueY} className="result-bars__value">
              {n(r.votes)}
            </text>
            {r.noteY !== null ? (
              <>
                <rect
                  x={r.swatchX}
                  y={r.noteY - SWATCH}
                  width={SWATCH}
                  height={SWATCH}
                  className={`result-bars__bar result-bars__bar--${fill}`}
                  fill={fill === 'solid' || fill === 'none' ? undefined : `url(#${id(fill)})`}
                />
                <text x={r.noteX} y={r.noteY} className="result-bars__mark">
                  {r.noteLines.map((line, i) => (
                    <tspan key={i} x={r.noteX} dy={i === 0 ? 0 : layout.lineHeight}>
                      {line}
                    </tspan>
                  ))}
                </text>
              </>
            ) : null}
          </g>
        )
      })}
    </svg>
  )
}
