import { createHash } from 'node:crypto'

// The bulletin board's lists are sealed by hash chains: each link covers the previous link and
// the item, so the head (shown on the results page) commits to every item and to their order.
export const CHAIN_START = createHash('sha256').update('mutirao-bulletin-board-v1').digest('hex')

export function chainHead(items: unknown[]): string {
  let head = CHAIN_START
  for (const item of items)
    head = createHash('sha256').update(head).update(JSON.stringify(item)).digest('hex')
  return head
}

export type BoardBallot = {
  contest: string
  choice: 'candidate' | 'blank' | 'void'
  candidacy: string | null
}
