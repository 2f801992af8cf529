import { useQuery } from '@apollo/client/react';
import { AgentDirectoryDocument } from '../generated/graphql';

/** Active agents by name, for filters and for choosing who calls back. */
export function useAgentDirectory(options: { skip?: boolean } = {}) {
  const { data, loading, error } = useQuery(AgentDirectoryDocument, { skip: options.skip });
  return { agents: data?.agents ?? [], loading, error };
}
