/** The roles a token may carry in app_metadata.role, weakest first. */
export type Role = 'viewer' | 'agent' | 'admin';

/** Who is calling. Filled by the auth layer; anonymous until then. */
export interface User {
  /** The token's subject (`sub`); null when it has none, which may not start calls. */
  id: string | null;
  role: Role;
  /** The only number an agent may call from (app_metadata.agent_number). */
  agentNumber?: string;
  /** app_metadata.agent_number is present but not a phone number: the agent may start no call. */
  agentPinInvalid?: true;
}
