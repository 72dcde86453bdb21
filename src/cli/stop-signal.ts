/**
 * Ctrl-C and SIGTERM as a promise, for commands that repeat until stopped (status --watch,
 * classroom status): they finish the round in hand and leave. `release` removes the handlers.
 */
export function stopOnSignal(): { stopped: Promise<void>; isStopped: () => boolean; release: () => void } {
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let done = false;
  const onSignal = () => {
    done = true;
    stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopped,
    isStopped: () => done,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
