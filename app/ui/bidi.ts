// Unicode's first-strong isolate and its closing mark: the plain-text <bdi>, for strings that
// cannot hold markup (<option>, title, aria-label, <title>) and for a name inside a translated
// sentence. A plain .ts module so that tests outside React (Playwright specs) can build the same
// strings the pages show.
const FSI = '\u2068'
const PDI = '\u2069'

/** A name or other text of unknown direction inside a translated sentence (a plain-text <bdi>). */
export function isolate(text: string): string {
  return `${FSI}${text}${PDI}`
}
