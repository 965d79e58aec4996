package web

import (
	"net/http"
	"sync"
)

// OpenAPI is the API's OpenAPI 3.1 document, assembled at start from the operations each
// capability registers next to its handlers, so the document cannot drift from the routes.
type OpenAPI struct {
	mu      sync.Mutex
	version string
	paths   map[string]map[string]any
	schemas map[string]any
}

func newOpenAPI(version string) *OpenAPI {
	return &OpenAPI{version: version, paths: map[string]map[string]any{}, schemas: map[string]any{}}
}

// Op describes one operation.
type Op struct {
	Summary     string
	Tags        []string
	Auth        bool           // requires a signed-in user (token or session)
	Params      []Param        // path and query parameters
	RequestBody string         // schema name of the JSON body, if any
	Responses   map[int]string // status → schema name ("" for no body)
}

// Param is a path or query parameter.
type Param struct {
	Name, In, Type, Description string
	Required                    bool
}

// Schema registers a named JSON schema.
func (o *OpenAPI) Schema(name string, schema map[string]any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.schemas[name] = schema
}

// Add documents an operation at a path (OpenAPI template syntax, e.g. /api/v1/me/tokens/{id}).
func (o *OpenAPI) Add(method, path string, op Op) {
	o.mu.Lock()
	defer o.mu.Unlock()
	item := o.paths[path]
	if item == nil {
		item = map[string]any{}
		o.paths[path] = item
	}
	m := map[string]any{"summary": op.Summary, "tags": op.Tags}
	if op.Auth {
		m["security"] = []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}}
	}
	var params []any
	for _, p := range op.Params {
		params = append(params, map[string]any{"name": p.Name, "in": p.In, "required": p.Required || p.In == "path",
			"description": p.Description, "schema": map[string]any{"type": p.Type}})
	}
	if params != nil {
		m["parameters"] = params
	}
	if op.RequestBody != "" {
		m["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": ref(op.RequestBody)}}}
	}
	resp := map[string]any{}
	for code, schema := range op.Responses {
		r := map[string]any{"description": http.StatusText(code)}
		if schema != "" {
			r["content"] = map[string]any{"application/json": map[string]any{"schema": ref(schema)}}
		}
		resp[itoa(code)] = r
	}
	resp["default"] = map[string]any{"description": "Error", "content": map[string]any{
		"application/json": map[string]any{"schema": ref("Error")}}}
	m["responses"] = resp
	item[lower(method)] = m
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// Document returns the whole document.
func (o *OpenAPI) Document(serverURL string) map[string]any {
	o.mu.Lock()
	defer o.mu.Unlock()
	paths := map[string]any{}
	for p, item := range o.paths {
		paths[p] = item
	}
	schemas := map[string]any{}
	for n, s := range o.schemas {
		schemas[n] = s
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "clusterbridge API",
			"version":     o.version,
			"description": "The JSON API of the Bulgaria–Serbia cross-border cluster network. Authenticate with a personal API token (Authorization: Bearer cbt_…) created on your account page. Error messages follow the Accept-Language header or ?lang= (sr-Cyrl, sr-Latn, bg, en).",
		},
		"servers": []any{map[string]any{"url": serverURL}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": SessionCookie},
			},
		},
	}
}
