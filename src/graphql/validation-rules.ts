import { NoSchemaIntrospectionCustomRule, type ValidationRule } from 'graphql';
import { DEFAULT_LIMITS, operationLimitsRule, type OperationLimits } from './limits';

export interface ValidationRuleOptions {
  /** NODE_ENV=production: introspection is refused. */
  production: boolean;
  limits?: OperationLimits;
}

/**
 * The rules every operation passes on top of graphql's specified rules, over HTTP (Apollo's
 * `validationRules`) and over graphql-ws alike: one list, so neither transport is the weaker one.
 * Introspection is refused here in production rather than by Apollo's `introspection` flag, which
 * would only cover HTTP. Schema suggestions ("Did you mean …?") are masked in formatError, which
 * both transports share and which also sees variable errors, not only validation errors.
 */
export function validationRules({
  production,
  limits = DEFAULT_LIMITS,
}: ValidationRuleOptions): ValidationRule[] {
  return [operationLimitsRule(limits), ...(production ? [NoSchemaIntrospectionCustomRule] : [])];
}
