import ts from 'typescript'

// Reads a route module's source and finds, for its exported `loader` and `action`, the permission
// checks they make: every `requirePermission(request, '<action>')` call in source order (also inside
// local helpers they call, e.g. `ballotFor(request, id)`), with the `intent` values that lead to it
// when it sits in an `if (intent === '…')` branch. Anything the authorisation matrix could not drive
// (a check in an else branch, a switch, a ternary, a nested closure, a non-literal permission…) is
// reported as a problem so the matrix test fails loudly instead of guessing.
// The TypeScript parser is used instead of regular expressions so helpers placed between the two
// exports, braces in strings and multi-line conditions cannot fool it.

export type RouteFunctionName = 'loader' | 'action'

export type Guard = {
  permission: string
  /** null: runs whatever the intent; otherwise only for these intents. */
  intents: string[] | null
  /** Local helper the check was found in, when not in the exported function itself. */
  via?: string
}

export type RouteFunctionGuards = {
  name: RouteFunctionName
  guards: Guard[]
  /** Permissions asked directly with `can(…, '<action>')` (guards that do not go through requirePermission). */
  canChecks: string[]
  problems: string[]
}

type FunctionBody = ts.ConciseBody

function isFunctionLike(
  node: ts.Node,
): node is ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isMethodDeclaration(node)
  )
}

function hasExport(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  )
}

function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr
  while (ts.isParenthesizedExpression(e)) e = e.expression
  return e
}

function stringValue(expr: ts.Expression | undefined): string | null {
  if (!expr) return null
  const e = unwrap(expr)
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) ? e.text : null
}

/** `intent === 'a' || intent === 'b'` → ['a', 'b']; anything else → null. */
function intentsOf(condition: ts.Expression): string[] | null {
  const e = unwrap(condition)
  if (!ts.isBinaryExpression(e)) return null
  if (e.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    const left = intentsOf(e.left)
    const right = intentsOf(e.right)
    return left && right ? [...left, ...right] : null
  }
  if (
    e.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken &&
    e.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsToken
  )
    return null
  const [l, r] = [unwrap(e.left), unwrap(e.right)]
  if (ts.isIdentifier(l) && l.text === 'intent' && stringValue(r) !== null) return [stringValue(r)!]
  if (ts.isIdentifier(r) && r.text === 'intent' && stringValue(l) !== null) return [stringValue(l)!]
  return null
}

function intersect(a: string[] | null, b: string[] | null): string[] | null {
  if (a === null) return b
  if (b === null) return a
  return a.filter((x) => b.includes(x))
}

/**
 * The intents under which `node` runs inside `root` (null: always), or a problem when it runs
 * under a condition the matrix cannot reproduce with an intent.
 */
function conditionOf(
  node: ts.Node,
  root: ts.Node,
  sf: ts.SourceFile,
): { intents: string[] | null; problem?: string } {
  let intents: string[] | null = null
  let child: ts.Node = node
  for (let parent = node.parent; parent && child !== root; child = parent, parent = parent.parent) {
    const where = () => `line ${sf.getLineAndCharacterOfPosition(parent.getStart(sf)).line + 1}`
    if (ts.isIfStatement(parent)) {
      if (child === parent.expression) continue
      if (child === parent.elseStatement) return { intents, problem: `check in an else branch (${where()})` }
      const branch = intentsOf(parent.expression)
      if (!branch)
        return {
          intents,
          problem: `check under a condition that is not an intent test: \`if (${parent.expression.getText(sf)})\` (${where()})`,
        }
      intents = intersect(intents, branch)
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
      return { intents, problem: `check inside a ternary (${where()})` }
    } else if (
      ts.isBinaryExpression(parent) &&
      child === parent.right &&
      [
        ts.SyntaxKind.AmpersandAmpersandToken,
        ts.SyntaxKind.BarBarToken,
        ts.SyntaxKind.QuestionQuestionToken,
      ].includes(parent.operatorToken.kind)
    ) {
      return {
        intents,
        problem: `check on the short-circuited side of ${parent.operatorToken.getText(sf)} (${where()})`,
      }
    } else if (
      ts.isCaseClause(parent) ||
      ts.isDefaultClause(parent) ||
      ts.isCatchClause(parent) ||
      ts.isIterationStatement(parent, false)
    ) {
      return { intents, problem: `check inside a ${ts.SyntaxKind[parent.kind]} (${where()})` }
    } else if (isFunctionLike(parent) && parent !== root) {
      return { intents, problem: `check inside a nested function (${where()})` }
    }
  }
  return { intents }
}

function propertyOf(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (
      ts.isPropertyAssignment(p) &&
      (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) &&
      p.name.text === name
    )
      return p.initializer
  }
  return undefined
}

/** Analyses the exported `loader` and `action` of a route module's source. */
export function routeGuards(fileName: string, source: string): RouteFunctionGuards[] {
  const sf = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  )
  const locals = new Map<string, ts.FunctionLikeDeclaration>()
  const exported = new Map<RouteFunctionName, ts.FunctionLikeDeclaration>()
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
      locals.set(statement.name.text, statement)
      if (hasExport(statement) && (statement.name.text === 'loader' || statement.name.text === 'action'))
        exported.set(statement.name.text, statement)
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue
        const init = unwrap(d.initializer)
        if (!ts.isArrowFunction(init) && !ts.isFunctionExpression(init)) continue
        locals.set(d.name.text, init)
        if (hasExport(statement) && (d.name.text === 'loader' || d.name.text === 'action'))
          exported.set(d.name.text, init)
      }
    }
  }

  const result: RouteFunctionGuards[] = []
  for (const [name, fn] of exported) {
    const entry: RouteFunctionGuards = { name, guards: [], canChecks: [], problems: [] }
    const walk = (
      root: ts.FunctionLikeDeclaration,
      outer: string[] | null,
      via: string | undefined,
      seen: Set<string>,
    ) => {
      const body: FunctionBody | undefined = root.body
      if (!body) return
      const visit = (node: ts.Node) => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
          const callee = node.expression.text
          const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1
          if (callee === 'requirePermission' || callee === 'requirePermittedUser') {
            const permission = stringValue(node.arguments[1])
            const first = node.arguments[0]
            const condition = conditionOf(node, root, sf)
            if (permission === null)
              entry.problems.push(`requirePermission with a non-literal permission at line ${line}`)
            else if (!first || !ts.isIdentifier(first) || first.text !== 'request')
              entry.problems.push(`requirePermission not given the incoming request at line ${line}`)
            if (condition.problem) entry.problems.push(`${permission}: ${condition.problem}`)
            if (permission !== null)
              entry.guards.push({
                permission,
                intents: intersect(outer, condition.intents),
                ...(via ? { via } : {}),
              })
          } else if (callee === 'formAction') {
            // The action helper (app/lib/form-action.server.ts): its permissions are written in the
            // object literal it is given — a route-level one checked first, then one per intent.
            const condition = conditionOf(node, root, sf)
            if (condition.problem) entry.problems.push(`formAction(): ${condition.problem}`)
            const spec = node.arguments[1] ? unwrap(node.arguments[1]) : undefined
            if (!spec || !ts.isObjectLiteralExpression(spec)) {
              entry.problems.push(`formAction without an object literal at line ${line}`)
            } else {
              const outer = intersect(null, condition.intents)
              const routeLevel = propertyOf(spec, 'permission')
              if (routeLevel) {
                const permission = stringValue(routeLevel)
                if (permission === null)
                  entry.problems.push(`formAction with a non-literal permission at line ${line}`)
                else entry.guards.push({ permission, intents: outer, via: 'formAction' })
              }
              const single = propertyOf(spec, 'handler')
              const intents = propertyOf(spec, 'intents')
              const handlers: [string | null, ts.Expression][] = []
              if (single) handlers.push([null, single])
              if (intents) {
                const table = unwrap(intents)
                if (!ts.isObjectLiteralExpression(table))
                  entry.problems.push(`formAction intents that are not an object literal at line ${line}`)
                else
                  for (const p of table.properties) {
                    const key =
                      p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : null
                    if (!ts.isPropertyAssignment(p) || key === null)
                      entry.problems.push(
                        `formAction intent written in a form the matrix cannot read at line ${line}`,
                      )
                    else handlers.push([key, p.initializer])
                  }
              }
              if (!single && !intents)
                entry.problems.push(`formAction with neither handler nor intents at line ${line}`)
              for (const [key, expr] of handlers) {
                let h = unwrap(expr)
                // `intent({ … })` only carries types: read its argument.
                if (
                  ts.isCallExpression(h) &&
                  ts.isIdentifier(h.expression) &&
                  (h.expression.text === 'intent' || h.expression.text === 'publicIntent') &&
                  h.arguments[0]
                )
                  h = unwrap(h.arguments[0])
                const permission = ts.isObjectLiteralExpression(h)
                  ? stringValue(propertyOf(h, 'permission'))
                  : null
                if (permission === null)
                  entry.problems.push(
                    `formAction handler ${key ?? '(single)'} without a literal permission at line ${line}`,
                  )
                else
                  entry.guards.push({
                    permission,
                    intents: key === null ? outer : intersect(outer, [key]),
                    via: 'formAction',
                  })
              }
            }
          } else if (callee === 'can') {
            const permission = stringValue(node.arguments[1])
            if (permission !== null) entry.canChecks.push(permission)
          } else if (locals.has(callee) && callee !== 'loader' && callee !== 'action' && !seen.has(callee)) {
            // A local helper (e.g. `ballotFor(request, id)`): its checks run at this call.
            const helper = locals.get(callee)!
            const before = entry.guards.length
            const condition = conditionOf(node, root, sf)
            walk(helper, intersect(outer, condition.intents), callee, new Set([...seen, callee]))
            if (condition.problem && entry.guards.length > before)
              entry.problems.push(`${callee}(): ${condition.problem}`)
          }
        }
        ts.forEachChild(node, visit)
      }
      visit(body)
    }
    walk(fn, null, undefined, new Set([name]))
    result.push(entry)
  }
  return result
}

/** `conference.$id.proposals._index.tsx` → `/conference/$id/proposals`; `council.calendar[.ics].ts` → `/council/calendar.ics`. */
export function routePath(fileName: string): string {
  const stem = fileName.replace(/\.(tsx|ts|jsx|js)$/, '')
  const segments: string[] = []
  let current = ''
  let escaped = false
  for (const ch of stem) {
    if (ch === '[') escaped = true
    else if (ch === ']') escaped = false
    else if (ch === '.' && !escaped) {
      segments.push(current)
      current = ''
    } else current += ch
  }
  segments.push(current)
  const kept = segments.filter((s) => s !== '_index' && !(s.startsWith('_') && s.length > 1))
  return `/${kept.map((s) => s.replace(/_$/, '')).join('/')}`
}

/** The names of the dynamic segments of a route path (`$id` → `id`). */
export function routeParams(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.startsWith('$'))
    .map((s) => s.slice(1))
}
