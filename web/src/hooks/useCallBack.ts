import { useMutation } from '@apollo/client/react';
import { CallBackDocument } from '../generated/graphql';

/** clickToCall: rings the agent, then the customer. The call's later states arrive as events. */
export function useCallBack() {
  const [run, { data, loading, error, reset }] = useMutation(CallBackDocument);
  return {
    callBack: (agentNumber: string, customerNumber: string) =>
      run({ variables: { input: { agentNumber, customerNumber } } }).catch(() => undefined),
    call: data?.clickToCall,
    calling: loading,
    error,
    reset,
  };
}
