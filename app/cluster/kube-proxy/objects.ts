/**
 * The Kubernetes objects kube-proxy reads, as zod schemas: a v1 Service and a
 * discovery.k8s.io/v1 EndpointSlice, with the fields kube-proxy uses (every other field of a
 * manifest is kept and ignored). Field meanings follow the Kubernetes API reference
 * (https://kubernetes.io/docs/reference/kubernetes-api/service-resources/); an absent field is
 * the Go zero value, as kube-proxy's fake proxier sees it (no API-server defaulting).
 */
import * as z from 'zod/mini';
import { dns1035Label, dnsLabel, dnsSubdomain, portName } from '../k8s-names';

const protocol = z.enum(['TCP', 'UDP', 'SCTP']);

/** One port of a Service (`spec.ports[]`). */
export const servicePortSchema = z.looseObject({
  name: z.optional(portName),
  protocol: z.optional(protocol),
  port: z.number().check(z.int(), z.minimum(1), z.maximum(65535)),
  nodePort: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(65535))),
  targetPort: z.optional(z.union([z.number(), z.string()])),
});

/** One load-balancer ingress of a Service's status (`status.loadBalancer.ingress[]`). */
const ingressSchema = z.looseObject({ ip: z.optional(z.string()), ipMode: z.optional(z.enum(['VIP', 'Proxy'])) });

/** A v1 Service. */
export const serviceSchema = z.looseObject({
  kind: z.optional(z.literal('Service')),
  metadata: z.looseObject({ name: dns1035Label, namespace: z.optional(dnsLabel) }),
  spec: z.looseObject({
    type: z.optional(z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'])),
    selector: z.optional(z.nullable(z.record(z.string(), z.string()))),
    clusterIP: z.optional(z.string()),
    ports: z.optional(z.nullable(z.array(servicePortSchema))),
    externalIPs: z.optional(z.nullable(z.array(z.string()))),
    externalTrafficPolicy: z.optional(z.enum(['Cluster', 'Local'])),
    internalTrafficPolicy: z.optional(z.enum(['Cluster', 'Local'])),
    sessionAffinity: z.optional(z.enum(['None', 'ClientIP'])),
    sessionAffinityConfig: z.optional(z.looseObject({ clientIP: z.optional(z.looseObject({ timeoutSeconds: z.optional(z.number().check(z.int())) })) })),
    loadBalancerSourceRanges: z.optional(z.nullable(z.array(z.string()))),
    healthCheckNodePort: z.optional(z.number().check(z.int())),
  }),
  status: z.optional(z.looseObject({ loadBalancer: z.optional(z.looseObject({ ingress: z.optional(z.nullable(z.array(ingressSchema))) })) })),
});

/** A discovery.k8s.io/v1 EndpointSlice. */
export const endpointSliceSchema = z.looseObject({
  kind: z.optional(z.literal('EndpointSlice')),
  metadata: z.looseObject({ name: z.optional(dnsSubdomain), namespace: z.optional(dnsLabel), labels: z.optional(z.record(z.string(), z.string())) }),
  addressType: z.enum(['IPv4', 'IPv6', 'FQDN']),
  endpoints: z.optional(
    z.nullable(
      z.array(
        z.looseObject({
          addresses: z.array(z.string()),
          conditions: z.optional(z.looseObject({ ready: z.optional(z.nullable(z.boolean())), serving: z.optional(z.nullable(z.boolean())), terminating: z.optional(z.nullable(z.boolean())) })),
          nodeName: z.optional(z.string()),
          targetRef: z.optional(z.looseObject({ kind: z.optional(z.string()), name: z.optional(z.string()), namespace: z.optional(z.string()) })),
        }),
      ),
    ),
  ),
  ports: z.optional(z.nullable(z.array(z.looseObject({ name: z.optional(portName), protocol: z.optional(protocol), port: z.optional(z.nullable(z.number().check(z.int()))) })))),
});

export type Service = z.infer<typeof serviceSchema>;
export type EndpointSlice = z.infer<typeof endpointSliceSchema>;

/** The label that ties an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
