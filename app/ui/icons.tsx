// Arrows and icons drawn by the page, not by a font: Debian's fonts have no globe glyph (a
// missing-glyph box), and an arrow typed as text points the same way in Arabic as in Portuguese.
// `.arrow` mirrors in right-to-left pages (app.css); every icon is decoration, hidden from screen
// readers, beside a text that says the same.

const ARROWS = { back: '←', forward: '→', next: '›' } as const

/** "←" back, "→" becomes / leads to, "›" next level of a trail: mirrored in right-to-left. */
export function Arrow({ kind }: { kind: keyof typeof ARROWS }) {
  return (
    <span className="arrow" aria-hidden="true">
      {ARROWS[kind]}
    </span>
  )
}

export function GlobeIcon() {
  return (
    <svg
      className="icon"
      aria-hidden="true"
      focusable="false"
      width="1em"
      height="1em"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
    >
      <circle cx="12" cy="12" r="10" />
      <path d="M2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20" />
    </svg>
  )
}
