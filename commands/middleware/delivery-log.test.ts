import { describe, expect, it } from 'vitest';
import { DeliveryLog } from './delivery-log.js';

describe('DeliveryLog', () => {
  it('accepts a key once', () => {
    const log = new DeliveryLog();
    expect(log.firstDelivery('event:Ev1')).toBe(true);
    expect(log.firstDelivery('event:Ev1')).toBe(false);
    expect(log.firstDelivery('event:Ev2')).toBe(true);
  });

  it('forgets the oldest keys beyond its capacity', () => {
    const log = new DeliveryLog(2);
    log.firstDelivery('a');
    log.firstDelivery('b');
    log.firstDelivery('c');
    expect(log.firstDelivery('a')).toBe(true);
    expect(log.firstDelivery('c')).toBe(false);
  });
});
