// Unique-constraint violations are expected outcomes (duplicates), not crashes. SQLite and
// PostgreSQL report them differently; this is the one place that knows both.
export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const e = error as { code?: string; message?: string }
  return (
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505'
  )
}
