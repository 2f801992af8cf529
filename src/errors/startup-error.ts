/** The process cannot start (database unreachable, a migration failed); its message is the log line. */
export class StartupError extends Error {
  override name = 'StartupError';
}
