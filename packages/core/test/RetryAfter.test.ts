import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as RetryAfter from "../src/RetryAfter.ts"

const now = Date.UTC(1994, 10, 6, 8, 49, 30) // 7 s before the RFC's example instant
const millis = (value: string | undefined) => {
  const d = RetryAfter.parse(value, now)
  return d === undefined ? undefined : Duration.toMillis(d)
}

describe("RetryAfter", () => {
  it("D7: delay-seconds", () => {
    assert.strictEqual(millis("0"), 0)
    assert.strictEqual(millis("120"), 120_000)
    assert.strictEqual(millis(" 3 "), 3000)
    assert.strictEqual(millis("99999999999999999999"), Infinity)
  })

  it("D7: the three HTTP-date forms", () => {
    assert.strictEqual(millis("Sun, 06 Nov 1994 08:49:37 GMT"), 7000) // IMF-fixdate
    assert.strictEqual(millis("Sunday, 06-Nov-94 08:49:37 GMT"), 7000) // RFC 850
    assert.strictEqual(millis("Sun Nov  6 08:49:37 1994"), 7000) // asctime
  })

  it("D7: a past date means zero", () => {
    assert.strictEqual(millis("Sat, 05 Nov 1994 08:49:37 GMT"), 0)
    assert.strictEqual(millis("Thu, 01 Jan 1970 00:00:00 GMT"), 0)
  })

  it("D7: RFC 850 two-digit years resolve to the nearest past-or-50-years-ahead century", () => {
    const at = Date.UTC(2026, 0, 1)
    const year = (yy: string) =>
      new Date(RetryAfter.parseHttpDate(`Monday, 01-Jan-${yy} 00:00:00 GMT`, at)!).getUTCFullYear()
    assert.strictEqual(year("30"), 2030)
    assert.strictEqual(year("76"), 2076)
    assert.strictEqual(year("77"), 1977)
  })

  it("D7: anything else means absent", () => {
    for (const garbage of [
      undefined,
      null,
      "",
      "-1",
      "1.5",
      "soon",
      "1e3",
      "0x10",
      "Sun, 06 Nov 1994 08:49:37 UTC",
      "Sun, 31 Feb 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 25:49:37 GMT",
      "Sunday, 06-Nov-1994 08:49:37 GMT",
      "Sun Nov 6 08:49:37 1994",
      "Foo, 06 Nov 1994 08:49:37 GMT",
      "06 Nov 1994 08:49:37 GMT"
    ]) {
      assert.isUndefined(RetryAfter.parse(garbage, now), String(garbage))
    }
  })

  it("E3: whole seconds, rounded up, at least 1", () => {
    assert.strictEqual(RetryAfter.format(undefined), "1")
    assert.strictEqual(RetryAfter.format(Duration.zero), "1")
    assert.strictEqual(RetryAfter.format(Duration.millis(1)), "1")
    assert.strictEqual(RetryAfter.format(Duration.millis(1001)), "2")
    assert.strictEqual(RetryAfter.format(Duration.seconds(30)), "30")
  })
})
