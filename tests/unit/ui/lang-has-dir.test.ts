import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// #19: text in a left-to-right language inside an Arabic page (or the reverse) was tagged with its
// language but not its direction, so punctuation landed on the wrong side. An element that says
// which language it holds must also say which direction: `dir` (a known direction, or "auto") makes
// it a bidi isolate. This scan reads every .tsx under app/ and refuses an HTML element with `lang`
// and no `dir`. (Components take `lang` as a prop and pass it on; the element they render is scanned.)

const root = join(__dirname, '..', '..', '..')

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return tsxFiles(path)
    return entry.name.endsWith('.tsx') ? [path] : []
  })
}

export function langWithoutDir(source: string, fileName = 'x.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const hits: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
      const tag = node.tagName.getText(file)
      // Lower-case tags are HTML elements; a spread could carry dir, but is then refused too:
      // a reader of the code should see the direction beside the language.
      if (/^[a-z]/.test(tag)) {
        const names = node.attributes.properties.flatMap((p) =>
          ts.isJsxAttribute(p) ? [p.name.getText(file)] : [],
        )
        if (names.includes('lang') && !names.includes('dir')) {
          const { line } = file.getLineAndCharacterOfPosition(node.getStart(file))
          hits.push(`${fileName}:${line + 1} <${tag} lang=…> without dir`)
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return hits
}

describe('authored text carries its direction with its language', () => {
  it('the scan finds an element with lang and no dir, across lines, and accepts one with both', () => {
    expect(langWithoutDir('const a = <p className="x"\n lang={l}>{t}</p>')).toHaveLength(1)
    expect(langWithoutDir('const a = <option value="v" lang="pt-BR" />')).toHaveLength(1)
    expect(langWithoutDir('const a = <p lang={l}\n dir={directionOf(l)}>{t}</p>')).toEqual([])
    expect(langWithoutDir('const a = <Field lang={l} />')).toEqual([])
  })

  it('no element in app/ has lang without dir', () => {
    const hits = tsxFiles(join(root, 'app')).flatMap((path) =>
      langWithoutDir(readFileSync(path, 'utf8'), relative(root, path)),
    )
    expect(hits).toEqual([])
  })
})
