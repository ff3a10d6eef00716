import type { ReactNode } from 'react'

/**
 * A data table in a scrollable, keyboard-focusable region (a wide table on a 360 px screen scrolls
 * inside its region instead of the page), named by a heading (`labelledBy`) or a label.
 */
export function TableRegion({
  labelledBy,
  label,
  headers,
  caption,
  children,
}: {
  labelledBy?: string
  label?: string
  headers: ReactNode[]
  caption?: ReactNode
  children: ReactNode
}) {
  return (
    <div
      className="table-wrap"
      tabIndex={0}
      role="region"
      aria-labelledby={labelledBy}
      aria-label={labelledBy ? undefined : label}
    >
      <table>
        {caption}
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
