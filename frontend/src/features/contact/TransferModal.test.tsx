import { describe, expect, it } from 'vitest';
import { filterQuickConnects } from './TransferModal';

const list = [
  { id: '1', name: 'Escalations desk', type: 'phone_number', phoneNumber: '+15555550199' },
  { id: '2', name: 'Sales queue', type: 'queue', phoneNumber: '' },
  { id: '3', name: 'Supervisor', type: 'agent', phoneNumber: '' },
];

describe('filterQuickConnects', () => {
  it.each([
    ['', ['1', '2', '3']],
    ['sales', ['2']],
    ['SUPER', ['3']],
    ['0199', ['1']],
    ['queue', ['2']],
    ['agent', ['3']],
    ['nobody', []],
  ])('%s', (text, want) => {
    expect(filterQuickConnects(list, text).map((q) => q.id)).toEqual(want);
  });
});
