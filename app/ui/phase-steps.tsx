/** A process calendar as an ordered list; the current step is marked for assistive technology too. */
export function PhaseSteps<P extends string>({
  phases,
  current,
  label,
  labelOf,
}: {
  phases: readonly P[]
  current: P
  label: string
  labelOf: (phase: P) => string
}) {
  const index = phases.indexOf(current)
  return (
    <ol className="phase-list" aria-label={label}>
      {phases.map((p, i) => (
        <li
          key={p}
          aria-current={i === index ? 'step' : undefined}
          className={i < index ? 'done' : undefined}
        >
          {labelOf(p)}
        </li>
      ))}
    </ol>
  )
}
