import { Children, cloneElement, Fragment, isValidElement, type ReactElement, type ReactNode } from 'react'

/**
 * The plain text of a header (a string, or the text inside elements such as a visually-hidden
 * span), used as the label each cell repeats when the table is shown as cards.
 */
export function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return ''
  if (typeof node === 'string' || typeof node === 'number') return String(node)
  if (Array.isArray(node)) return node.map(textOf).join('')
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children)
  return ''
}

type CellProps = { colSpan?: number; scope?: string; role?: string; 'data-label'?: string }
type RowProps = { children?: ReactNode; role?: string }

/** The cells of one row, each given its column's label and an explicit ARIA role (see below). */
function labelCells(cells: ReactNode, labels: readonly string[], column = { i: 0 }): ReactNode {
  return Children.map(cells, (cell) => {
    if (!isValidElement(cell)) return cell
    if (cell.type === Fragment)
      return (
        <Fragment key={cell.key}>
          {labelCells((cell.props as { children?: ReactNode }).children, labels, column)}
        </Fragment>
      )
    if (cell.type !== 'td' && cell.type !== 'th') return cell
    const props = cell.props as CellProps
    // A cell across several columns ("nothing yet") speaks for itself.
    const label = (props.colSpan ?? 1) === 1 ? (labels[column.i] ?? '') : ''
    column.i += props.colSpan ?? 1
    const role = cell.type === 'td' ? 'cell' : props.scope === 'col' ? 'columnheader' : 'rowheader'
    return cloneElement(cell as ReactElement<CellProps>, {
      role: props.role ?? role,
      // A row header is the card's title: it needs no label of its own.
      'data-label': props['data-label'] ?? (cell.type === 'td' && label ? label : undefined),
    })
  })
}

/** Every `<tr>` among the children (through arrays and fragments) gets `role="row"` and labels. */
function labelRows(rows: ReactNode, labels: readonly string[]): ReactNode {
  return Children.map(rows, (row) => {
    if (!isValidElement(row)) return row
    if (row.type === Fragment)
      return <Fragment key={row.key}>{labelRows((row.props as RowProps).children, labels)}</Fragment>
    if (row.type !== 'tr') return row
    const props = row.props as RowProps
    return cloneElement(row as ReactElement<RowProps>, {
      role: props.role ?? 'row',
      children: labelCells(props.children, labels),
    })
  })
}

/**
 * A data table in a keyboard-focusable region named by a heading (`labelledBy`) or a label.
 *
 * On a wide screen it is a table (scrolling inside its region if it must). Below 40rem (a phone) it
 * is shown as cards, with CSS only (no JavaScript): each row a card titled by its row header, each
 * cell preceded by its column's name, taken from `headers` (or `labels` where a header is not plain
 * text) into the cell's `data-label`. Changing the display of table elements makes some browsers
 * (Safari) forget they are a table, so the table, its rows and cells also carry their ARIA roles:
 * a screen reader still hears a table with column headers. Only `<tr>`, `<td>` and `<th>` written
 * directly among the children (arrays and fragments included) are labelled; a row drawn by another
 * component must set `data-label` and `role` itself. `cards={false}` keeps a narrow table a table.
 * ADR 025.
 */
export function TableRegion({
  labelledBy,
  label,
  headers,
  labels,
  caption,
  className,
  cards = true,
  footer,
  children,
}: {
  labelledBy?: string
  label?: string
  headers: ReactNode[]
  labels?: readonly string[]
  caption?: ReactNode
  className?: string
  cards?: boolean
  /** Rows of a `<tfoot>` (totals), labelled like the body's. */
  footer?: ReactNode
  children: ReactNode
}) {
  const names = labels ?? headers.map((h) => textOf(h).trim())
  return (
    <div
      className={cards ? 'table-wrap table-cards' : 'table-wrap'}
      tabIndex={0}
      role="region"
      aria-labelledby={labelledBy}
      aria-label={labelledBy ? undefined : label}
    >
      <table className={className} role={cards ? 'table' : undefined}>
        {caption}
        <thead role={cards ? 'rowgroup' : undefined}>
          <tr role={cards ? 'row' : undefined}>
            {headers.map((h, i) => (
              <th scope="col" key={i} role={cards ? 'columnheader' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role={cards ? 'rowgroup' : undefined}>{cards ? labelRows(children, names) : children}</tbody>
        {footer ? (
          <tfoot role={cards ? 'rowgroup' : undefined}>{cards ? labelRows(footer, names) : footer}</tfoot>
        ) : null}
      </table>
    </div>
  )
}
