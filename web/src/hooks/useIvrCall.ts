import { useFragment } from '@apollo/client/react';
import { CallBackStatusFragmentDoc } from '../generated/graphql';

/** A call this server started, as the cache holds it now (live events update it). */
export function useIvrCall(id: string | undefined) {
  const { data, complete } = useFragment({
    fragment: CallBackStatusFragmentDoc,
    from: id ? { __typename: 'IvrCall', id } : null,
  });
  return id && complete ? data : undefined;
}
