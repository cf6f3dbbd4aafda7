/**
 * Builds an error without capturing a stack trace. A decoded error's stack would
 * point into the decoder, which tells the user nothing, and capturing it is most
 * of the cost of a decode.
 */
export const withoutStackTrace = <A>(make: () => A): A => {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return make()
  } finally {
    Error.stackTraceLimit = limit
  }
}
