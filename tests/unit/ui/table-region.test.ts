import { createElement as h, Fragment } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { TableRegion, textOf } from '../../../app/ui/table'

// #19: below 40rem a TableRegion is shown as cards by CSS alone; each cell must carry its column's
// name (data-label) and every part its ARIA role, whatever way the rows were written.
describe('TableRegion as cards', () => {
  const rows = [1, 2].map((i) =>
    h(
      'tr',
      { key: i },
      h('td', null, i),
      h('th', { scope: 'row' }, `Person ${i}`),
      h(Fragment, null, h('td', null, `p${i}`)),
      h('td', null, i * 10),
      h('td', null, 'elected'),
    ),
  )
  const html = renderToStaticMarkup(
    h(TableRegion, {
      label: 'Votes',
      headers: [
        'Rank',
        'Name',
        h('span', { key: 'p' }, 'Paper'),
        'Votes',
        h('span', { key: 'o', className: 'visually-hidden' }, 'Outcome'),
      ],
      children: [rows, h('tr', { key: 'none' }, h('td', { colSpan: 5 }, 'nothing else'))],
    }),
  )

  it('labels each data cell with its column, through fragments, header elements included', () => {
    expect(html).toContain('<td role="cell" data-label="Rank">1</td>')
    expect(html).toContain('<td role="cell" data-label="Paper">p1</td>')
    expect(html).toContain('<td role="cell" data-label="Votes">20</td>')
    expect(html).toContain('<td role="cell" data-label="Outcome">elected</td>')
  })

  it('gives no label to the row header (the card title) nor to a cell across every column', () => {
    expect(html).toContain('<th scope="row" role="rowheader">Person 1</th>')
    expect(html).toContain('<td colSpan="5" role="cell">nothing else</td>')
  })

  it('keeps table semantics explicit: table, row groups, rows, column headers', () => {
    expect(html).toContain('class="table-wrap table-cards"')
    expect(html).toContain('<table role="table">')
    expect(html.match(/role="rowgroup"/g)).toHaveLength(2)
    expect(html.match(/<tr role="row">/g)).toHaveLength(4)
    expect(html).toContain('<th scope="col" role="columnheader">Rank</th>')
  })

  it('stays a plain table with cards={false}', () => {
    const plain = renderToStaticMarkup(
      h(TableRegion, {
        label: 'x',
        headers: ['A'],
        cards: false,
        children: h('tr', null, h('td', null, '1')),
      }),
    )
    expect(plain).toContain('class="table-wrap"')
    expect(plain).not.toContain('data-label')
    expect(plain).not.toContain('role="cell"')
  })

  it('reads the text of a header written as elements', () => {
    expect(textOf(['a', h('b', { key: 'b' }, 'b', 2), null, false])).toBe('ab2')
  })
})
