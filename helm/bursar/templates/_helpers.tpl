{{- define "bursar.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "bursar.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "bursar.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "bursar.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "bursar.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bursar.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The Secret holding the database password: the user's, or the chart's own. */}}
{{- define "bursar.databaseSecret" -}}
{{- default (include "bursar.fullname" .) .Values.database.existingSecret -}}
{{- end -}}

{{- define "bursar.databaseSecretKey" -}}
{{- if .Values.database.existingSecret -}}{{ .Values.database.existingSecretPasswordKey }}{{- else -}}database-password{{- end -}}
{{- end -}}

{{- define "bursar.adminSecret" -}}
{{- default (include "bursar.fullname" .) .Values.admin.existingSecret -}}
{{- end -}}

{{- define "bursar.adminSecretKey" -}}
{{- if .Values.admin.existingSecret -}}{{ .Values.admin.existingSecretKey }}{{- else -}}admin-api-key{{- end -}}
{{- end -}}

{{- define "bursar.hasDatabasePassword" -}}
{{- if or .Values.database.existingSecret .Values.database.password -}}true{{- end -}}
{{- end -}}

{{- define "bursar.hasAdminKey" -}}
{{- if or .Values.admin.existingSecret .Values.admin.apiKey -}}true{{- end -}}
{{- end -}}

{{/* More than one replica may run: the rate limit must be shared, so it lives in PostgreSQL. */}}
{{- define "bursar.rateLimitStore" -}}
{{- if .Values.rateLimit.store -}}
{{- .Values.rateLimit.store -}}
{{- else if or (gt (int .Values.replicaCount) 1) (and .Values.autoscaling.enabled (gt (int .Values.autoscaling.maxReplicas) 1)) -}}
postgres
{{- else -}}
memory
{{- end -}}
{{- end -}}
