// Pictograms for the easy-read guides (issue #19): one simple drawing per step, so a person who
// reads little can follow the steps by their pictures. Drawn inline (no image request, prints, works
// without JavaScript), black strokes on white (high contrast, recoloured by `color`), and hidden from
// screen readers: the step's text says everything the picture shows. A pictogram whose drawing
// points somewhere (sending, going to a place, a queue moving forward) is marked `directional`
// and mirrors in right-to-left pages (app.css, `.pictogram--directional`).

type Drawing = { directional?: boolean; body: JSX.Element }

const PICTOGRAMS = {
  // A person with a plus: create an account.
  account: {
    body: (
      <>
        <circle cx="20" cy="16" r="8" />
        <path d="M6 42c0-9 6-15 14-15s14 6 14 15" />
        <path d="M38 14v12M32 20h12" />
      </>
    ),
  },
  // A key: sign in.
  signIn: {
    directional: true,
    body: (
      <>
        <circle cx="14" cy="24" r="8" />
        <path d="M22 24h22M36 24v7M42 24v5" />
      </>
    ),
  },
  // A form with a pen: write your details.
  form: {
    body: (
      <>
        <rect x="6" y="4" width="26" height="36" rx="2" />
        <path d="M12 13h14M12 20h14M12 27h8" />
        <path d="M40 18 26 38l-4 4 1-6 14-20z" />
      </>
    ),
  },
  // A house: where you live.
  home: {
    body: (
      <>
        <path d="M6 22 24 7l18 15" />
        <path d="M11 19v22h26V19" />
        <rect x="20" y="28" width="8" height="13" />
      </>
    ),
  },
  // An identity card with a photo: your document.
  document: {
    body: (
      <>
        <rect x="3" y="10" width="42" height="28" rx="3" />
        <circle cx="15" cy="21" r="4" />
        <path d="M8 32c1-4 4-6 7-6s6 2 7 6" />
        <path d="M27 19h12M27 25h12M27 31h8" />
      </>
    ),
  },
  // A mobile phone: your contact.
  phone: {
    body: (
      <>
        <rect x="14" y="3" width="20" height="42" rx="3" />
        <path d="M21 39h6" />
        <path d="M14 9h20M14 34h20" />
      </>
    ),
  },
  // A paper plane: send.
  send: {
    directional: true,
    body: (
      <>
        <path d="M4 22 44 6 34 42 22 28z" />
        <path d="M22 28 44 6" />
        <path d="M22 28v12l6-7" />
      </>
    ),
  },
  // A clock: wait, opening hours.
  clock: {
    body: (
      <>
        <circle cx="24" cy="24" r="19" />
        <path d="M24 12v12l8 6" />
      </>
    ),
  },
  // A big tick in a circle: done, approved, confirmed.
  check: {
    body: (
      <>
        <circle cx="24" cy="24" r="19" />
        <path d="m14 24 7 7 13-14" />
      </>
    ),
  },
  // Two speech bubbles: a message, a reply.
  message: {
    body: (
      <>
        <path d="M4 8h26v16H14l-6 6v-6H4z" />
        <path d="M34 16h10v16h-4v6l-6-6H18v-4" />
      </>
    ),
  },
  // A ballot paper with one box ticked: the ballot.
  ballot: {
    body: (
      <>
        <rect x="8" y="3" width="32" height="42" rx="2" />
        <rect x="13" y="10" width="7" height="7" />
        <path d="m14 13 2 2 4-5" />
        <path d="M24 14h11" />
        <rect x="13" y="22" width="7" height="7" />
        <path d="M24 26h11" />
        <rect x="13" y="34" width="7" height="7" />
        <path d="M24 38h11" />
      </>
    ),
  },
  // A pointing hand over one box: choose one.
  choose: {
    body: (
      <>
        <rect x="4" y="6" width="16" height="16" rx="2" />
        <path d="m7 14 4 4 7-9" />
        <rect x="28" y="6" width="16" height="16" rx="2" />
        <path d="M12 44V30M12 30c0-3 5-3 5 0v4c0-3 5-3 5 0v2c0-3 5-3 5 0v3c0 3-1 5-3 5H12" />
      </>
    ),
  },
  // An empty ballot box, no tick: a blank vote.
  blank: {
    body: (
      <>
        <rect x="8" y="3" width="32" height="42" rx="2" />
        <rect x="16" y="16" width="16" height="16" />
      </>
    ),
  },
  // A magnifying glass: look, check.
  look: {
    body: (
      <>
        <circle cx="20" cy="20" r="13" />
        <path d="m30 30 14 14" />
      </>
    ),
  },
  // A ticket with a code: the tracking code.
  code: {
    body: (
      <>
        <rect x="3" y="12" width="42" height="24" rx="3" />
        <path d="M9 20v8M13 20v8M17 20v8M23 20v8M27 20v8M33 20v8M39 20v8" />
      </>
    ),
  },
  // A list with a magnifying glass: find your code on the public list.
  list: {
    body: (
      <>
        <path d="M6 8h24M6 16h24M6 24h14M6 32h10" />
        <circle cx="31" cy="31" r="8" />
        <path d="m37 37 8 8" />
      </>
    ),
  },
  // Bars of a chart: the result.
  chart: {
    directional: true,
    body: (
      <>
        <path d="M4 44h40" />
        <rect x="8" y="10" width="8" height="34" />
        <rect x="20" y="20" width="8" height="24" />
        <rect x="32" y="30" width="8" height="14" />
      </>
    ),
  },
  // A sheet with a stamp: an official publication.
  official: {
    body: (
      <>
        <rect x="6" y="3" width="28" height="40" rx="2" />
        <path d="M12 11h16M12 18h16M12 25h10" />
        <circle cx="34" cy="34" r="9" />
        <path d="m30 34 3 3 5-6" />
      </>
    ),
  },
  // A star on a chair: elected, a seat.
  seat: {
    body: (
      <>
        <path d="M24 3l3 7 7 .6-5.4 4.6 1.7 7L24 18.5 17.7 22l1.7-7L14 10.6l7-.6z" />
        <path d="M12 28h24v8H12zM14 36v9M34 36v9" />
      </>
    ),
  },
  // Two people, one behind the other: an alternate (substitute).
  alternate: {
    body: (
      <>
        <circle cx="16" cy="14" r="6" />
        <path d="M5 38c0-7 5-12 11-12s11 5 11 12" />
        <circle cx="33" cy="18" r="5" strokeDasharray="3 3" />
        <path d="M25 40c1-6 4-10 8-10s9 4 9 10" strokeDasharray="3 3" />
      </>
    ),
  },
  // Scales in balance: gender parity.
  parity: {
    body: (
      <>
        <path d="M24 5v38M14 43h20M8 11h32" />
        <path d="M8 11 3 25h10zM40 11l-5 14h10z" />
        <path d="M3 25a5 4 0 0 0 10 0M35 25a5 4 0 0 0 10 0" />
      </>
    ),
  },
  // A calendar page: the day.
  calendar: {
    body: (
      <>
        <rect x="5" y="8" width="38" height="35" rx="2" />
        <path d="M5 17h38M15 4v8M33 4v8" />
        <rect x="27" y="27" width="9" height="9" />
      </>
    ),
  },
  // A map pin: the polling place.
  place: {
    body: (
      <>
        <path d="M24 45S9 29 9 18a15 15 0 0 1 30 0c0 11-15 27-15 27z" />
        <circle cx="24" cy="18" r="5" />
      </>
    ),
  },
  // Two people at a table: the poll worker.
  pollWorker: {
    body: (
      <>
        <circle cx="13" cy="11" r="5" />
        <circle cx="35" cy="11" r="5" />
        <path d="M5 28c0-6 4-10 8-10s8 4 8 10M27 28c0-6 4-10 8-10s8 4 8 10" />
        <path d="M3 30h42M8 30v14M40 30v14" />
      </>
    ),
  },
  // A screen inside a booth with a curtain: the voting booth.
  booth: {
    body: (
      <>
        <path d="M4 4h40v40M4 4v40" />
        <rect x="14" y="12" width="20" height="14" rx="1" />
        <path d="M24 26v8M18 34h12" />
        <path d="M4 4c2 10 2 30 0 40" />
      </>
    ),
  },
  // A box with a slot and a paper going in: the paper ballot box.
  ballotBox: {
    body: (
      <>
        <rect x="6" y="20" width="36" height="24" rx="2" />
        <path d="M16 20h16" />
        <path d="M18 4h12v20H18z" />
        <path d="m21 12 2 2 4-5" />
      </>
    ),
  },
  // One finger raised: only once.
  once: {
    body: (
      <>
        <path d="M20 44V10a4 4 0 0 1 8 0v18" />
        <path d="M28 24c0-3 6-3 6 0v4c0-3 6-3 6 0v8c0 5-4 8-9 8H20c-4 0-8-4-8-8v-8c0-3 5-3 5 0v4" />
      </>
    ),
  },
  // A person with a question mark: help.
  help: {
    body: (
      <>
        <circle cx="24" cy="24" r="19" />
        <path d="M18 18a6 6 0 1 1 8 5.6c-1.5.6-2 1.6-2 3.4v2" />
        <circle cx="24" cy="35" r="1.5" />
      </>
    ),
  },
} satisfies Record<string, Drawing>

export type PictogramName = keyof typeof PICTOGRAMS

export const PICTOGRAM_NAMES = Object.keys(PICTOGRAMS) as PictogramName[]

export function isPictogram(name: string): name is PictogramName {
  return Object.prototype.hasOwnProperty.call(PICTOGRAMS, name)
}

export function isDirectional(name: PictogramName): boolean {
  return Boolean((PICTOGRAMS[name] as Drawing).directional)
}

/** A step's drawing, 48 × 48 units, scaled by CSS (`.pictogram`). Decoration only. */
export function Pictogram({ name }: { name: PictogramName }) {
  const drawing: Drawing = PICTOGRAMS[name]
  return (
    <svg
      className={drawing.directional ? 'pictogram pictogram--directional' : 'pictogram'}
      data-pictogram={name}
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 48 48"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {drawing.body}
    </svg>
  )
}

/** The "easy read" mark beside the links to the guides: an open book. */
export function EasyReadIcon() {
  return (
    <svg
      className="icon easy-read-icon"
      aria-hidden="true"
      focusable="false"
      width="1.25em"
      height="1.25em"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M12 6c-2-1.5-5-2-9-2v14c4 0 7 .5 9 2 2-1.5 5-2 9-2V4c-4 0-7 .5-9 2z" />
      <path d="M12 6v14" />
    </svg>
  )
}
