/**
 * Logs a promise rejection that nothing handled instead of letting Node end the process (its default): one
 * forgotten `.catch` in a socket or event handler must not take every user's connection down with it.
 * Returns the function that removes the handler.
 */
export function logUnhandledRejections(log: (reason: unknown) => void): () => void {
  const onRejection = (reason: unknown) => {
    try {
      log(reason);
    } catch {
      // A logger that fails must not turn the rejection into a crash.
    }
  };
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}
