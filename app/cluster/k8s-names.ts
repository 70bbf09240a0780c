/**
 * Kubernetes' own name rules (k8s.io/apimachinery/pkg/util/validation), as zod checks for the
 * objects a cluster file holds: what the API server would refuse is refused here, at the field, so
 * a name never reaches the expansion (netns names, chain comments) in a form it cannot carry.
 */
import * as z from 'zod/mini';

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

/** RFC 1123 label (namespaces, container names): IsDNS1123Label. */
export const dnsLabel = z
  .string()
  .check(z.maxLength(63), z.regex(new RegExp(`^${LABEL}$`), 'expected a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit (RFC 1123)'));

/** RFC 1035 label (Service names): IsDNS1035Label, which must start with a letter. */
export const dns1035Label = z
  .string()
  .check(z.maxLength(63), z.regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'expected a DNS label starting with a letter: lowercase letters, digits and "-" (RFC 1035, as Service names are)'));

/** RFC 1123 subdomain (Pod, Node and EndpointSlice names): IsDNS1123Subdomain. */
export const dnsSubdomain = z.string().check(z.maxLength(253), z.regex(new RegExp(`^${LABEL}(\\.${LABEL})*$`), 'expected a DNS subdomain: lowercase letters, digits, "-" and "." (RFC 1123)'));

/** A port name (IsValidPortName, IANA_SVC_NAME): up to 15 lowercase letters, digits and "-", with a letter; empty for an unnamed port. */
export const portName = z
  .string()
  .check(z.maxLength(15), z.regex(/^$|^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a port name: up to 15 lowercase letters, digits and "-", with at least one letter (IANA_SVC_NAME)'));
