import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  afterEach(() => jest.useRealTimers());

  it('forgets an entry after the cache TTL', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = new BoundedCache<string>(10, 1000);
    cache.set('a', 'x');
    jest.setSystemTime(1_000_999);
    expect(cache.get('a')).toBe('x');
    jest.setSystemTime(1_001_000);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps an entry with its own shorter TTL no longer than that', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = new BoundedCache<string>(10, 60_000);
    cache.set('token', 'claims', 500);
    jest.setSystemTime(1_000_499);
    expect(cache.get('token')).toBe('claims');
    jest.setSystemTime(1_000_500);
    expect(cache.get('token')).toBeUndefined();
  });

  it('never keeps an entry past the cache TTL, even when asked for longer', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = new BoundedCache<string>(10, 1000);
    cache.set('a', 'x', 60_000);
    jest.setSystemTime(1_001_000);
    expect(cache.get('a')).toBeUndefined();
  });

  it('stores nothing for a TTL already past', () => {
    const cache = new BoundedCache<string>(10, 1000);
    cache.set('expired', 'x', -5);
    expect(cache.get('expired')).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new BoundedCache<number>(2, 60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });
});
