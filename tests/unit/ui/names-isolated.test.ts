import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// #19: text whose language we do not know — people's names, organisation names, e-mail addresses,
// phone and protocol numbers, comments and free-text reasons written by people — must be a bidi
// isolate inside a page of the other direction, or "Jean-Baptiste (Haiti)." puts its full stop on
// the wrong side of an Arabic page and ", 42" jumps before an Arabic name in a Portuguese one.
//
// This scan reads every .tsx under app/ with TypeScript's parser and refuses:
//  1. a JSX child `{…}` whose value is a watched field (`{c.full_name}`, `{r.protocol ?? '—'}`,
//     `{x ? a.email : b.name}`) unless the nearest enclosing element is a `<bdi>`, carries `dir` (a
//     paragraph written by a person with dir="auto", a link to a protocol with dir="ltr"), or is
//     one of the components in ISOLATING (they render a <bdi> or `dir` themselves);
//  2. a watched field passed as a value into a translated string — `t('k', { name: c.full_name })`
//     — without `isolate()` (FSI…PDI, the plain-text <bdi>), since the string may end up in a
//     title, an aria-label or <title>, where no markup can isolate it.
//
// It does NOT catch: a watched value reaching JSX through a local variable with another name
// (`const who = c.full_name; … {who}`), a field whose name is not in WATCHED, values assembled
// into strings by template literals or `+`, or JSX built in .ts files. A `dir` on an element that
// holds the value and other text isolates the whole element, not the value alone — the reviewer's
// eye covers that.

const root = join(__dirname, '..', '..', '..')

/** Property names that hold text of unknown direction written or chosen by people. */
export const WATCHED = new Set([
  // people and organisations
  'name',
  'full_name',
  'fullName',
  'social_name',
  'socialName',
  'display_name',
  'displayName',
  'author_name',
  'authorName',
  'candidate_name',
  'candidateName',
  'representative_name',
  'representativeName',
  'alternate_representative_name',
  'organisation_name',
  'organisationName',
  'organisation',
  'organiser',
  'sitting_in_for',
  'sittingInFor',
  'successor',
  'vacated',
  'author',
  'member_name',
  'memberName',
  // always left-to-right: contact details and numbers
  'email',
  'phone',
  'to_address',
  'contact',
  'protocol',
  'document_number',
  'representative_document_number',
  // free text written by people
  'reason',
  'decision_reason',
  'rejection_reason',
  'decline_reason',
  'hidden_reason',
  'leave_reason',
  'ended_reason',
  'justification',
  'review_note',
  'decision_note',
  'kept_note',
  'appeal_text',
  'answer_text',
  'comment',
  'body',
  // texts and places written by staff or counsellors in one language, shown to every reader
  'evidence',
  'address',
  'place',
  'coauthors',
  'gazette_reference',
  'act',
  'gazetteReference',
  'note',
  'text',
  'title',
  'motion',
  'description',
  // files
  'attachment_name',
  'file_name',
  'fileName',
  'filename',
])

/** Components that isolate what they render (a <bdi> or an element with `dir`). */
const ISOLATING = new Set(['Localised'])

/** "file {expression}" → why this watched value needs no isolation (kept short and justified). */
const ALLOWED = new Map<string, string>([
  // an official district list (São Paulo's subprefectures), not text written by people
  ['app/registration/fields.tsx {s.name}', 'subprefecture names are fixed place names'],
  // an <option> holds plain text only, and is its own paragraph: nothing to isolate it from
  ['app/routes/staff.registrations._index.tsx {s.name}', 'subprefecture name alone in an <option>'],
  // SVG path data of a pictogram, not text
  ['app/ui/pictograms.tsx {drawing.body}', 'SVG drawing'],
  // a message we wrote, in the language of the <article lang dir> that holds it
  ['app/routes/dev.outbox.tsx {m.body}', 'our own message, inside an element with lang and dir'],
  // The easy-read guide text the team wrote, shown to its reviewer inside an element with lang and dir
  ['app/routes/translate.easy-read.$lng.$guide.tsx {text.title}', 'our own guide text, inside lang and dir'],
  ['app/routes/translate.easy-read.$lng.$guide.tsx {step.title}', 'our own guide text, inside lang and dir'],
  // the receipt's translated label "Protocol", not a protocol number
  ['app/routes/staff.registrations.$id.receipt.tsx {tx.protocol}', 'a translated label'],
])

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return tsxFiles(path)
    return entry.name.endsWith('.tsx') ? [path] : []
  })
}

function watchedName(node: ts.Expression): string | null {
  if (ts.isPropertyAccessExpression(node)) return WATCHED.has(node.name.text) ? node.name.text : null
  if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression))
    return WATCHED.has(node.argumentExpression.text) ? node.argumentExpression.text : null
  return null
}

/** The watched fields a JSX child expression renders as text: `a.name`, `a.name ?? '—'`, `c ? a.email : b`. */
function renderedWatched(node: ts.Expression): string[] {
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node))
    return renderedWatched(node.expression)
  if (ts.isConditionalExpression(node))
    return [...renderedWatched(node.whenTrue), ...renderedWatched(node.whenFalse)]
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken)
      return [...renderedWatched(node.left), ...renderedWatched(node.right)]
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return renderedWatched(node.right)
    return []
  }
  const name = watchedName(node)
  return name ? [name] : []
}

/**
 * The nearest element around the value must isolate it: a <bdi>, an element (or component) with
 * `dir`, or an ISOLATING component. Only the nearest counts, so <html dir="rtl"> far above does not
 * make a name in a <td> an isolate.
 */
function isolatingAncestor(node: ts.Node, file: ts.SourceFile): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (!ts.isJsxElement(at)) continue
    const opening = at.openingElement
    const tag = opening.tagName.getText(file)
    if (tag === 'bdi' || ISOLATING.has(tag)) return true
    return opening.attributes.properties.some((p) => ts.isJsxAttribute(p) && p.name.getText(file) === 'dir')
  }
  return false
}

function isTranslateCall(node: ts.CallExpression, file: ts.SourceFile): boolean {
  const callee = node.expression.getText(file)
  return callee === 't' || callee.endsWith('.t') || callee === 'i18n.t'
}

function isIsolateCall(node: ts.Expression): boolean {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'isolate'
}

export function unisolatedNames(source: string, fileName = 'x.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const hits: string[] = []
  const hit = (node: ts.Node, what: string) => {
    if (ALLOWED.has(`${fileName} ${node.getText(file)}`)) return
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file))
    hits.push(`${fileName}:${line + 1} ${what}`)
  }
  const visit = (node: ts.Node) => {
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))
    ) {
      for (const name of renderedWatched(node.expression))
        if (!isolatingAncestor(node, file)) hit(node, `{…${name}} outside <bdi> or dir`)
    }
    if (ts.isCallExpression(node) && isTranslateCall(node, file)) {
      for (const arg of node.arguments.slice(1)) {
        if (!ts.isObjectLiteralExpression(arg)) continue
        for (const p of arg.properties) {
          if (ts.isPropertyAssignment(p)) {
            const names = isIsolateCall(p.initializer) ? [] : renderedWatched(p.initializer)
            for (const name of names) hit(p, `t(…, { ${p.name.getText(file)}: …${name} }) without isolate()`)
          }
          if (ts.isShorthandPropertyAssignment(p) && WATCHED.has(p.name.text))
            hit(p, `t(…, { ${p.name.text} }) without isolate()`)
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return hits
}

describe('names and user-written text are bidi isolates', () => {
  it('flags a watched field rendered bare, through ?? or a conditional, or interpolated without isolate()', () => {
    expect(unisolatedNames('const a = <li>{c.full_name}, {c.age}</li>')).toHaveLength(1)
    expect(unisolatedNames('const a = <td>{r.protocol ?? "—"}</td>')).toHaveLength(1)
    expect(unisolatedNames('const a = <p>{x ? r.email : r.phone}</p>')).toHaveLength(2)
    expect(unisolatedNames('const a = <p>{shown && (u.display_name)}</p>')).toHaveLength(1)
    expect(unisolatedNames('const a = <ul>{cs.map((c) => <li key={c.id}>{c.name}</li>)}</ul>')).toHaveLength(
      1,
    )
    expect(unisolatedNames("const a = t('x', { name: c.full_name })")).toHaveLength(1)
    expect(unisolatedNames("const a = t('x', { email })")).toHaveLength(1)
    expect(unisolatedNames('const a = <>{c["name"]}</>')).toHaveLength(1)
    // only the nearest element counts: the page's own direction does not isolate a name in it
    expect(
      unisolatedNames('const a = <html dir="rtl"><body><p>{u.displayName}</p></body></html>'),
    ).toHaveLength(1)
    expect(unisolatedNames('const a = <p dir="auto"><Link to={x}>{m.title}</Link></p>')).toHaveLength(1)
  })

  it('accepts a <bdi>, a dir on an enclosing element, an isolating component and isolate()', () => {
    expect(unisolatedNames('const a = <li><bdi>{c.full_name}</bdi>, {c.age}</li>')).toEqual([])
    expect(unisolatedNames('const a = <td><bdi dir="ltr">{r.protocol ?? "—"}</bdi></td>')).toEqual([])
    expect(unisolatedNames('const a = <a href={m} dir="ltr">{r.email}</a>')).toEqual([])
    expect(unisolatedNames('const a = <p className="pre-wrap" dir="auto">{r.justification}</p>')).toEqual([])
    expect(unisolatedNames('const a = <ul>{cs.map((c) => <bdi key={c.id}>{c.name}</bdi>)}</ul>')).toEqual([])
    expect(unisolatedNames("const a = t('x', { name: isolate(c.full_name) })")).toEqual([])
    // attributes are whole strings (their own paragraph): not JSX children, not flagged
    expect(unisolatedNames('const a = <input defaultValue={r.email} />')).toEqual([])
    // fields outside the list are not this scan's business
    expect(unisolatedNames('const a = <p>{r.count}</p>')).toEqual([])
  })

  it('no name, contact, protocol or user-written text in app/ is rendered without isolation', () => {
    const hits = tsxFiles(join(root, 'app')).flatMap((path) =>
      unisolatedNames(readFileSync(path, 'utf8'), relative(root, path)),
    )
    expect(hits).toEqual([])
  })
})
