{{/* Resource names: <release>-survey, or the release name alone when it already says survey. */}}
{{- define "survey.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "survey.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "survey.labels" -}}
{{ include "survey.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "survey.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* One secretKeyRef variable; nothing when the key is "". Call with (list $ "NAME" key optional). */}}
{{- define "survey.secretEnv" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $key := index . 2 -}}
{{- $optional := index . 3 -}}
{{- if $key }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.existingSecret.name }}
      key: {{ $key }}
      optional: {{ $optional }}
{{- end }}
{{- end -}}

{{/*
Environment of every container. Call with (list $ "api"|"worker"|"migrate"). The API uses
databaseUrl (which may be PgBouncer in transaction mode); the worker and the migration Job use
sessionDatabaseUrl when it is set, since they need a connection that keeps its session.
*/}}
{{- define "survey.env" -}}
{{- $root := index . 0 -}}
{{- $role := index . 1 -}}
{{- $keys := $root.Values.existingSecret.keys -}}
{{- $dbKey := $keys.databaseUrl -}}
{{- if and (ne $role "api") $keys.sessionDatabaseUrl -}}{{- $dbKey = $keys.sessionDatabaseUrl -}}{{- end -}}
- name: NODE_ENV
  value: production
- name: HOST
  value: 0.0.0.0
- name: DATA_DIR
  value: /app/var
{{- range $name, $value := $root.Values.config }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- if ne $role "migrate" }}
- name: ROLE
  value: {{ $role }}
- name: PORT
  value: {{ ternary $root.Values.api.port $root.Values.worker.healthPort (eq $role "api") | quote }}
{{- if $root.Values.metrics.enabled }}
- name: METRICS_PORT
  value: {{ $root.Values.metrics.port | quote }}
{{- end }}
{{- if $root.Values.tracing.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ $root.Values.tracing.otlpEndpoint | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ printf "survey-%s" $role }}
{{- end }}
{{- end }}
{{- include "survey.secretEnv" (list $root "DATABASE_URL" $dbKey false) }}
{{- if ne $role "migrate" }}
{{- include "survey.secretEnv" (list $root "DATABASE_READ_URL" $keys.databaseReadUrl true) }}
{{- include "survey.secretEnv" (list $root "SMTP_URL" $keys.smtpUrl true) }}
{{- include "survey.secretEnv" (list $root "INITIAL_ADMIN_PASSWORD" $keys.initialAdminPassword true) }}
{{- end }}
{{- include "survey.secretEnv" (list $root "MASTER_KEY" $keys.masterKey false) }}
{{- include "survey.secretEnv" (list $root "BLIND_INDEX_KEY" $keys.blindIndexKey false) }}
{{- include "survey.secretEnv" (list $root "JWT_SECRET" $keys.jwtSecret false) }}
{{- include "survey.secretEnv" (list $root "AUDIT_CHECKPOINT_KEY" $keys.auditCheckpointKey true) }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "survey.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end -}}

{{- define "survey.containerSecurityContext" -}}
{{ toYaml .Values.securityContext }}
{{- end -}}

{{/* The writable directories of a read-only container: DATA_DIR and /tmp. */}}
{{- define "survey.scratchMounts" -}}
- name: scratch
  mountPath: /app/var
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "survey.scratchVolumes" -}}
- name: scratch
  emptyDir:
    sizeLimit: {{ .Values.scratch.sizeLimit }}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}

{{/* Egress of every pod: DNS to the cluster resolver, then networkPolicy.egress. */}}
{{- define "survey.egressRules" -}}
# DNS, to the cluster's resolver only.
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - { port: 53, protocol: UDP }
    - { port: 53, protocol: TCP }
{{- range .Values.networkPolicy.egress }}
- ports:
    {{- toYaml .ports | nindent 4 }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}
