import { Fragment, type ReactNode } from 'react'

// Private-use code points: never in a translation, so they mark where an element goes.
const OPEN = '\uE000'
const CLOSE = '\uE001'
const MARK = new RegExp(`${OPEN}(\\d+)${CLOSE}`)

/**
 * A translated sentence with elements in place of some of its placeholders — authored text shown
 * through <Localised> (its own language and direction, ADR 027), which a plain string cannot
 * carry: `withElements((v) => t('minutes.heading', v), { title: <Localised … /> })`. The sentence
 * is translated with markers in those places and cut there; each translation keeps its own word
 * order.
 */
export function withElements(
  translate: (values: Record<string, string>) => string,
  elements: Record<string, ReactNode>,
): ReactNode[] {
  const names = Object.keys(elements)
  const text = translate(Object.fromEntries(names.map((name, i) => [name, `${OPEN}${i}${CLOSE}`])))
  return text
    .split(MARK)
    .map((piece, i) => (i % 2 === 0 ? piece : <Fragment key={i}>{elements[names[Number(piece)]!]}</Fragment>))
}
