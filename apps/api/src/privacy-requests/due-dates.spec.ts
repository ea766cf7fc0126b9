import { addDays, addMonths, dueFlags } from './due-dates';

describe('addMonths', () => {
  it.each([
    ['2027-01-15T10:30:00.000Z', 1, '2027-02-15T10:30:00.000Z'],
    ['2027-01-31T08:00:00.000Z', 1, '2027-02-28T08:00:00.000Z'],
    ['2028-01-31T08:00:00.000Z', 1, '2028-02-29T08:00:00.000Z'],
    ['2027-03-31T23:59:59.000Z', 1, '2027-04-30T23:59:59.000Z'],
    ['2027-11-30T12:00:00.000Z', 3, '2028-02-29T12:00:00.000Z'],
    ['2027-12-15T00:00:00.000Z', 1, '2028-01-15T00:00:00.000Z'],
    ['2027-05-10T00:00:00.000Z', 24, '2029-05-10T00:00:00.000Z'],
  ])('%s + %i month(s) = %s', (from, months, expected) => {
    expect(addMonths(new Date(from), months).toISOString()).toBe(expected);
  });

  it('does not change its argument', () => {
    const from = new Date('2027-01-31T00:00:00Z');
    addMonths(from, 1);
    expect(from.toISOString()).toBe('2027-01-31T00:00:00.000Z');
  });
});

describe('dueFlags', () => {
  const due = new Date('2027-06-30T12:00:00Z');

  it('flags an open request past its due date as overdue, not due soon', () => {
    expect(dueFlags(true, due, addDays(due, 1), 7)).toEqual({ overdue: true, dueSoon: false });
  });

  it('flags an open request due within the window as due soon', () => {
    expect(dueFlags(true, due, addDays(due, -7), 7)).toEqual({ overdue: false, dueSoon: true });
    expect(dueFlags(true, due, due, 7)).toEqual({ overdue: false, dueSoon: true });
  });

  it('flags nothing further ahead, for closed requests, or without a due date', () => {
    expect(dueFlags(true, due, addDays(due, -8), 7)).toEqual({ overdue: false, dueSoon: false });
    expect(dueFlags(false, due, addDays(due, 30), 7)).toEqual({ overdue: false, dueSoon: false });
    expect(dueFlags(true, null, due, 7)).toEqual({ overdue: false, dueSoon: false });
  });
});
