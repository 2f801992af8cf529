/** The roles a token may carry in app_metadata.role, weakest first. */
export type Role = 'viewer' | 'agent' | 'admin';

/** Who is calling. Filled by the auth layer; anonymous until then. */
export interface User {
  id: string;
  role: Role;
  agentNumber?: string;
}
