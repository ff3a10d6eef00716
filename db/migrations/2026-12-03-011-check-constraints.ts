import { sql, type Kysely } from 'kysely'

// Frozen. Issue #21: the schema enforces itself (ADR 012).
//
// Every column whose values form a closed set (statuses, phases, roles, kinds, languages, segments,
// genders, channels…) gets a CHECK constraint, and so do the 0/1 flags and the counts that cannot
// be negative. The lists are written out here, as they stood when this migration shipped: a value
// added later needs a new migration (and the list in db/schema.ts; a test compares the two).
//
// PostgreSQL adds the constraints with ALTER TABLE. SQLite cannot add a constraint to a table, so
// each table is rebuilt ("making other kinds of table schema changes", sqlite.org/lang_altertable):
// with foreign keys off and inside one transaction, create the new table from the stored CREATE
// statement plus the constraints, copy the rows, drop the old table, rename the new one, recreate
// its indexes and triggers, and check foreign keys before committing. While rebuilding, SQLite's
// text primary keys also become NOT NULL: SQLite (unlike PostgreSQL and db/schema.ts) lets a
// PRIMARY KEY column of a rowid table hold NULL unless it says NOT NULL.
//
// Rows that already break a rule stop the migration before anything changes, with a message that
// names each table, column and value. Nothing is ever dropped or rewritten to make them fit.

const NAME = '2026-12-03-011-check-constraints'

const LANGUAGES = ['pt-BR', 'es', 'en', 'fr', 'ht', 'ar', 'zh']
const ROLES = [
  'resident',
  'voter',
  'candidate',
  'counsellor',
  'delegate',
  'secretariat',
  'electoral_commission',
  'observer',
  'admin',
  'moderator',
  'plan_reporter',
]
const DOCUMENT_TYPES = [
  'crnm',
  'rne',
  'dprnm',
  'refugee_protocol',
  'residence_protocol',
  'passport',
  'national_id',
  'consular_certificate',
  'naturalisation_request',
  'other',
]
const GENDERS = [
  'woman',
  'man',
  'trans_woman',
  'trans_man',
  'travesti',
  'non_binary',
  'other',
  'prefer_not_to_say',
]
const ELECTION_PHASES = [
  'draft',
  'candidacy_open',
  'review',
  'provisional_list',
  'appeals',
  'final_list',
  'campaign',
  'voting_open',
  'voting_closed',
  'counted',
  'preliminary_result',
  'official_result',
  'closed',
]
const ELECTED_BODIES = ['cmi', 'cpm']
const SEGMENTS = ['A', 'B', 'C']
const CONFERENCE_PHASES = [
  'preparation',
  'proposals_open',
  'systematisation',
  'delegates_vote',
  'final_report',
]
const PROPOSAL_STATUSES = [
  'submitted',
  'merged',
  'rejected',
  'motion',
  'consolidated',
  'approved',
  'not_approved',
]
const CAMPAIGN_THEMES = [
  'xenophobia',
  'racism',
  'religious_intolerance',
  'rights_awareness',
  'gender_violence',
  'labour_rights',
]

type Rule =
  | { oneOf: readonly string[] }
  | { flag: true } // a boolean stored as 0/1
  | { min: number; max?: number }

const oneOf = (values: readonly string[]): Rule => ({ oneOf: values })
const FLAG: Rule = { flag: true }
const NOT_NEGATIVE: Rule = { min: 0 }

/** table → column → rule. */
const RULES: Record<string, Record<string, Rule>> = {
  users: { preferred_language: oneOf(LANGUAGES) },
  user_roles: { role: oneOf(ROLES) },
  rate_limits: { failures: NOT_NEGATIVE },
  outbox: { language: oneOf(LANGUAGES) },
  census_cycles: {
    min_voter_age: NOT_NEGATIVE,
    min_candidate_age: NOT_NEGATIVE,
    proof_of_residence_required: FLAG,
    document_retention_days: NOT_NEGATIVE,
    is_current: FLAG,
  },
  voter_registrations: {
    channel: oneOf(['self', 'assisted', 'import']),
    naturalised: FLAG,
    gender: oneOf(GENDERS),
    document_type: oneOf(DOCUMENT_TYPES),
    preferred_language: oneOf(LANGUAGES),
    status: oneOf(['pending', 'needs_info', 'approved', 'rejected', 'erased']),
  },
  registration_documents: {
    kind: oneOf(['identity', 'residence', 'other']),
    size_bytes: NOT_NEGATIVE,
  },
  registration_messages: { author: oneOf(['staff', 'person']) },
  elections: { body: oneOf(ELECTED_BODIES), phase: oneOf(ELECTION_PHASES) },
  contests: {
    kind: oneOf(['segment', 'subprefecture']),
    segment: oneOf(SEGMENTS),
    seats: NOT_NEGATIVE,
    alternates: NOT_NEGATIVE,
  },
  candidacies: {
    kind: oneOf(['person', 'organisation']),
    gender: oneOf(GENDERS),
    status: oneOf(['submitted', 'accepted', 'rejected', 'appealed', 'withdrawn']),
  },
  voter_participation: { channel: oneOf(['online', 'in_person']) },
  ballots: { choice: oneOf(['candidate', 'blank', 'void']) },
  bulletin_boards: { ballot_count: NOT_NEGATIVE, code_count: NOT_NEGATIVE },
  council_members: {
    body: oneOf(ELECTED_BODIES),
    segment: oneOf(SEGMENTS),
    seat: oneOf(['titular', 'alternate']),
    rank: NOT_NEGATIVE,
  },
  conference_editions: {
    phase: oneOf(CONFERENCE_PHASES),
    votes_per_axis: NOT_NEGATIVE,
    approval_threshold: { min: 0, max: 1 },
    delegate_quota: NOT_NEGATIVE,
  },
  conference_axes: { kind: oneOf(['thematic', 'cross_cutting']) },
  preparatory_conferences: {
    kind: oneOf(['regional', 'free']),
    attendance: NOT_NEGATIVE,
    delegate_quota: NOT_NEGATIVE,
  },
  proposals: {
    kind: oneOf(['original', 'consolidated']),
    origin: oneOf(['online', 'preparatory', 'systematisation']),
    language: oneOf(LANGUAGES),
    status: oneOf(PROPOSAL_STATUSES),
  },
  delegate_axis_usage: { used: NOT_NEGATIVE },
  plan_editions: { status: oneOf(['draft', 'in_force', 'concluded']), is_demo: FLAG },
  plan_action_bodies: { lead: FLAG },
  indicator_updates: {
    status: oneOf(['not_started', 'on_track', 'delayed', 'achieved', 'cancelled']),
    review: oneOf(['pending', 'published', 'returned']),
  },
  campaigns: {
    theme: oneOf(CAMPAIGN_THEMES),
    status: oneOf(['planned', 'running', 'finished', 'cancelled']),
    is_demo: FLAG,
  },
  campaign_materials: { language: oneOf(LANGUAGES) },
  consultations: {
    status: oneOf(['draft', 'open', 'closed', 'answered']),
    min_account_age_days: NOT_NEGATIVE,
  },
  consultation_questions: { kind: oneOf(['single', 'multiple', 'text']) },
  contributions: {
    language: oneOf(LANGUAGES),
    answer: oneOf(['accepted', 'partly_accepted', 'not_accepted']),
  },
  council_bodies: {
    kind: oneOf(['cmi_plenary', 'working_group', 'cpm']),
    seats: NOT_NEGATIVE,
    quorum_open_pct: { min: 0, max: 100 },
    quorum_open_strict: FLAG,
    quorum_deliberate_pct: { min: 0, max: 100 },
    quorum_deliberate_strict: FLAG,
    notice_days: NOT_NEGATIVE,
    extraordinary_notice_days: NOT_NEGATIVE,
  },
  body_members: {
    sector: oneOf(['government', 'civil_society']),
    segment: oneOf(SEGMENTS),
    role: oneOf(['full', 'alternate']),
  },
  meetings: {
    kind: oneOf(['ordinary', 'extraordinary']),
    status: oneOf(['scheduled', 'convened', 'in_session', 'held', 'cancelled']),
  },
  attendance: { status: oneOf(['present', 'absent', 'excused']) },
  agenda_items: {
    kind: oneOf(['information', 'deliberation']),
    vote_mode: oneOf(['counts', 'named']),
    votes_yes: NOT_NEGATIVE,
    votes_no: NOT_NEGATIVE,
    votes_abstain: NOT_NEGATIVE,
    present_at_vote: NOT_NEGATIVE,
    outcome: oneOf(['approved', 'rejected', 'withdrawn']),
  },
  item_votes: { vote: oneOf(['yes', 'no', 'abstain']) },
  minutes: { status: oneOf(['draft', 'circulated', 'approved', 'published']) },
}

/** SQLite only: text primary keys of rowid tables that do not say NOT NULL (table → column). */
const NULLABLE_PRIMARY_KEYS: Record<string, string> = {
  agenda_items: 'id',
  body_members: 'id',
  bulletin_boards: 'election_id',
  campaign_materials: 'id',
  campaigns: 'id',
  candidacies: 'id',
  census_cycles: 'id',
  conference_axes: 'id',
  conference_editions: 'id',
  consents: 'id',
  consultation_paragraphs: 'id',
  consultation_questions: 'id',
  consultation_sections: 'id',
  consultation_targets: 'id',
  consultations: 'id',
  contests: 'id',
  contribution_revisions: 'id',
  contributions: 'id',
  council_bodies: 'id',
  council_members: 'id',
  elections: 'id',
  erasure_requests: 'id',
  indicator_updates: 'id',
  meetings: 'id',
  minutes: 'id',
  minutes_errata: 'id',
  outbox: 'id',
  outcome_links: 'id',
  password_reset_tokens: 'token_hash',
  plan_actions: 'id',
  plan_bodies: 'id',
  plan_editions: 'id',
  plan_indicators: 'id',
  plan_objectives: 'id',
  preparatory_conferences: 'id',
  proposal_comments: 'id',
  proposals: 'id',
  rate_limits: 'key',
  registration_documents: 'id',
  registration_drafts: 'user_id',
  registration_messages: 'id',
  resolutions: 'id',
  sessions: 'id',
  users: 'id',
  voter_registrations: 'id',
}

const isSqlite = (db: Kysely<any>) =>
  (db.getExecutor().adapter as { constructor: { name: string } }).constructor.name === 'SqliteAdapter'

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`
const quoteText = (value: string) => `'${value.replace(/'/g, "''")}'`
const constraintName = (table: string, column: string) => `${table}_${column}_check`

/** The CHECK expression, written the same way on both databases. */
function expression(column: string, rule: Rule): string {
  const c = quoteId(column)
  if ('oneOf' in rule) return `${c} in (${rule.oneOf.map(quoteText).join(', ')})`
  if ('flag' in rule) return `${c} in (0, 1)`
  return rule.max === undefined ? `${c} >= ${rule.min}` : `${c} between ${rule.min} and ${rule.max}`
}

function constraints(table: string): { name: string; check: string }[] {
  return Object.entries(RULES[table] ?? {}).map(([column, rule]) => ({
    name: constraintName(table, column),
    check: expression(column, rule),
  }))
}

/** Every value that breaks a rule, and how many rows hold it; empty when the data fits. */
async function violations(db: Kysely<any>): Promise<string[]> {
  const found: string[] = []
  for (const [table, columns] of Object.entries(RULES)) {
    for (const [column, rule] of Object.entries(columns)) {
      const { rows } = await sql<{ value: unknown; n: number | string }>`
        SELECT ${sql.ref(column)} AS value, count(*) AS n FROM ${sql.table(table)}
        WHERE NOT (${sql.raw(expression(column, rule))})
        GROUP BY ${sql.ref(column)} ORDER BY ${sql.ref(column)}`.execute(db)
      for (const { value, n } of rows)
        found.push(`${table}.${column} = ${JSON.stringify(value)} (${n} row${Number(n) === 1 ? '' : 's'})`)
    }
  }
  if (isSqlite(db)) {
    for (const [table, column] of Object.entries(NULLABLE_PRIMARY_KEYS)) {
      const { rows } = await sql<{ n: number }>`
        SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} IS NULL`.execute(db)
      const n = Number(rows[0]!.n)
      if (n > 0) found.push(`${table}.${column} (primary key) = null (${n} row${n === 1 ? '' : 's'})`)
    }
  }
  return found
}

async function refuseViolations(db: Kysely<any>): Promise<void> {
  const found = await violations(db)
  if (found.length === 0) return
  throw new Error(
    `Migration ${NAME} stopped, nothing was changed: ${found.length} value(s) in the database are ` +
      `outside the sets the new CHECK constraints allow. Correct these rows, then migrate again:\n  ` +
      found.join('\n  '),
  )
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return rebuildSqliteTables(db, 'up')
  await refuseViolations(db)
  for (const table of Object.keys(RULES)) {
    for (const { name, check } of constraints(table)) {
      await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(name)} CHECK (${sql.raw(check)})`.execute(
        db,
      )
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return rebuildSqliteTables(db, 'down')
  for (const table of Object.keys(RULES)) {
    for (const { name } of constraints(table)) {
      await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT IF EXISTS ${sql.id(name)}`.execute(db)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite: rebuilding tables.

async function foreignKeysOn(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db)
  return Number(rows[0]?.foreign_keys) === 1
}

/**
 * Foreign keys must be off while tables are dropped and renamed (with them on, dropping `users`
 * would delete every row that references a user, by cascade), and `PRAGMA foreign_keys` cannot be
 * changed inside a transaction. Kysely's Migrator runs SQLite migrations outside one (its SQLite
 * adapter does not support transactional DDL), so this function turns them off, opens its own
 * transaction, checks every foreign key before committing, and turns them back on. Called inside
 * someone else's transaction it refuses, instead of rebuilding with foreign keys still on.
 */
async function rebuildSqliteTables(db: Kysely<any>, direction: 'up' | 'down'): Promise<void> {
  const foreignKeysWereOn = await foreignKeysOn(db)
  await sql`PRAGMA foreign_keys = OFF`.execute(db)
  try {
    if (await foreignKeysOn(db))
      throw new Error(
        `Migration ${NAME} must run outside a transaction on SQLite: it rebuilds tables, which needs ` +
          `PRAGMA foreign_keys = OFF, and SQLite ignores that pragma inside a transaction.`,
      )
    await sql`BEGIN IMMEDIATE`.execute(db)
    try {
      if (direction === 'up') await refuseViolations(db)
      // Views are dropped and recreated around the rebuild (a view naming a table that is briefly
      // gone would make the rename fail). There are none today.
      const views = await schemaObjects(db, 'view')
      for (const view of views) await sql`DROP VIEW ${sql.id(view.name)}`.execute(db)
      const tables = [...new Set([...Object.keys(RULES), ...Object.keys(NULLABLE_PRIMARY_KEYS)])]
      for (const table of tables.sort()) await rebuildTable(db, table, direction)
      for (const view of views) await sql.raw(view.sql).execute(db)
      const broken = await sql<Record<string, unknown>>`PRAGMA foreign_key_check`.execute(db)
      if (broken.rows.length > 0)
        throw new Error(
          `Migration ${NAME} stopped, nothing was changed: foreign keys do not hold: ` +
            JSON.stringify(broken.rows.slice(0, 20)),
        )
      await sql`COMMIT`.execute(db)
    } catch (error) {
      // SQLite may already have rolled back (a full disk, say); the first error is the one to report.
      await sql`ROLLBACK`.execute(db).catch(() => undefined)
      throw error
    }
  } finally {
    if (foreignKeysWereOn) await sql`PRAGMA foreign_keys = ON`.execute(db)
  }
}

type SchemaObject = { type: string; name: string; tbl_name: string; sql: string }

async function schemaObjects(db: Kysely<any>, type: string, table?: string): Promise<SchemaObject[]> {
  const { rows } = await sql<SchemaObject>`
    SELECT type, name, tbl_name, sql FROM sqlite_master
    WHERE type = ${type} AND sql IS NOT NULL ${table === undefined ? sql`` : sql`AND tbl_name = ${table}`}
    ORDER BY rowid`.execute(db) // creation order, which is kept when they are recreated
  return rows
}

async function rebuildTable(db: Kysely<any>, table: string, direction: 'up' | 'down'): Promise<void> {
  const [definition] = (await schemaObjects(db, 'table')).filter((t) => t.name === table)
  if (!definition) throw new Error(`Migration ${NAME}: table ${table} not found`)
  const indexes = await schemaObjects(db, 'index', table)
  const triggers = await schemaObjects(db, 'trigger', table)
  const columns = (
    await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db)
  ).rows.map((c) => quoteId(c.name))

  const parts = splitCreateTable(definition.sql, table)
  const pk = NULLABLE_PRIMARY_KEYS[table]
  const added = constraints(table).map(({ name, check }) => `constraint ${quoteId(name)} check (${check})`)
  let items = parts.items.map((item) => (pk ? setPrimaryKeyNotNull(item, pk, direction) : item))
  if (direction === 'up') items = [...items, ...added.map((a) => ` ${a}`)]
  else items = items.filter((item) => !added.includes(item.trim()))

  const temporary = `${table}__rebuilt`
  const create = `CREATE TABLE ${quoteId(temporary)} (${items.join(',').trimEnd()}${parts.trailingSpace})${parts.tail}`
  await sql.raw(create).execute(db)
  await sql
    .raw(
      `INSERT INTO ${quoteId(temporary)} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${quoteId(table)}`,
    )
    .execute(db)
  const count = async (name: string) =>
    Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(db)).rows[0]!.n)
  if ((await count(temporary)) !== (await count(table)))
    throw new Error(`Migration ${NAME}: copying ${table} lost rows`)
  await sql`DROP TABLE ${sql.table(table)}`.execute(db)
  await sql`ALTER TABLE ${sql.table(temporary)} RENAME TO ${sql.id(table)}`.execute(db)
  for (const object of [...indexes, ...triggers]) await sql.raw(object.sql).execute(db)
}

/**
 * `CREATE TABLE name (item, item, …) tail` → its column and constraint definitions, verbatim. The
 * scanner respects quoted names and strings; comments are refused rather than guessed at.
 */
function splitCreateTable(
  createSql: string,
  table: string,
): { items: string[]; trailingSpace: string; tail: string } {
  const head = /^CREATE TABLE\s+("(?:[^"]|"")+"|\w+)\s*\(/i.exec(createSql)
  const name = head?.[1]?.startsWith('"') ? head[1].slice(1, -1).replace(/""/g, '"') : head?.[1]
  if (!head || name !== table)
    throw new Error(`Migration ${NAME}: unexpected definition of ${table}: ${createSql}`)
  const items: string[] = []
  let depth = 0
  let start = head[0].length
  for (let i = start; i < createSql.length; i++) {
    const ch = createSql[i]!
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch
      let j = i + 1
      while (j < createSql.length && !(createSql[j] === close && createSql[j + 1] !== close)) {
        j += createSql[j] === close ? 2 : 1
      }
      i = j
    } else if (ch === '-' && createSql[i + 1] === '-') {
      throw new Error(`Migration ${NAME}: comments in the definition of ${table} are not supported`)
    } else if (ch === '/' && createSql[i + 1] === '*') {
      throw new Error(`Migration ${NAME}: comments in the definition of ${table} are not supported`)
    } else if (ch === '(') {
      depth++
    } else if (ch === ')' && depth > 0) {
      depth--
    } else if (ch === ',' && depth === 0) {
      items.push(createSql.slice(start, i))
      start = i + 1
    } else if (ch === ')') {
      const last = createSql.slice(start, i)
      const trailingSpace = /\s*$/.exec(last)![0]
      items.push(last.slice(0, last.length - trailingSpace.length))
      return { items, trailingSpace, tail: createSql.slice(i + 1) }
    }
  }
  throw new Error(`Migration ${NAME}: unbalanced definition of ${table}`)
}

/** Adds (up) or removes (down) NOT NULL on a column defined inline as PRIMARY KEY. */
function setPrimaryKeyNotNull(item: string, column: string, direction: 'up' | 'down'): string {
  const definesColumn = new RegExp(`^\\s*(?:"${column}"|${column})\\s`, 'i').test(item)
  if (!definesColumn) return item
  if (direction === 'down') return item.replace(/ not null primary key/i, ' primary key')
  if (/\bnot\s+null\b/i.test(item)) return item
  if (!/ primary key/i.test(item))
    throw new Error(`Migration ${NAME}: ${column} is not an inline primary key: ${item}`)
  return item.replace(/ primary key/i, ' not null primary key')
}
