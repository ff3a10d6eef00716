import { describe, expect, it } from 'vitest'
import { parseFakesmscLog } from '../../helpers/kannel'

// The test helper reads what reached Kannel's fake SMS centre from its log (formats seen from
// fakesmsc 1.4.5 on Debian): plain text, UCS-2, and the parts of a long message.
describe('parseFakesmscLog', () => {
  it('reads text, UCS-2 and concatenated parts back into whole messages', () => {
    const log = [
      '2026-12-04 17:37:16 [11590] [0] DEBUG: Got message 1: <Mutirao +5511987654321 text hello world>',
      "2026-12-04 17:37:23 [11590] [0] DEBUG: Got message 2: <Mutirao +5511987654321 ucs-2 %06E%061%06-%06(%06'%00+O%60Y%7D>",
      'DEBUG: Got message 3: <Mutirao +551100 udh %05%00%03%01%02%02 data def>',
      'DEBUG: Got message 4: <Mutirao +551100 udh %05%00%03%01%02%01 data abc>',
      'DEBUG: Got message 5: <Mutirao +551101 udh %05%00%03%02%02%01 data %00a>',
    ].join('\n')
    expect(parseFakesmscLog(log)).toEqual([
      { from: 'Mutirao', to: '+5511987654321', text: 'hello world' },
      { from: 'Mutirao', to: '+5511987654321', text: 'مرحبا 你好' },
      { from: 'Mutirao', to: '+551100', text: 'abcdef' },
      // The second part of message 5 has not arrived: nothing whole yet.
    ])
  })
})
