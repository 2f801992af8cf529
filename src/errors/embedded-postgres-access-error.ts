/** The embedded server cannot run here as it is set up; the message says why and what to do. */
export class EmbeddedPostgresAccessError extends Error {
  override name = 'EmbeddedPostgresAccessError';
}
