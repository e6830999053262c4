package srptest

import (
	"encoding/json"
	"reflect"
)

// unmarshalExact is json.Unmarshal with case-sensitive member names:
// encoding/json matches them without regard to case, so members of the
// objects decoded into structs are first kept only if their name is exactly
// a field's.
func unmarshalExact(data []byte, v any) error {
	exact, err := exactMembers(data, reflect.TypeOf(v).Elem())
	if err != nil {
		return err
	}
	return json.Unmarshal(exact, v)
}

// exactMembers returns data, an object for the struct type t, without the
// members that name no field of t exactly, recursively for struct fields.
// Maps lose their null values, as in AWS's JSON protocols, where a map
// member set to null is absent (amazon-cognito-identity-js sends
// "DEVICE_KEY": null to mean no DEVICE_KEY). Data of other types is
// returned unchanged.
func exactMembers(data []byte, t reflect.Type) ([]byte, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Map {
		return withoutNulls(data)
	}
	if t.Kind() != reflect.Struct {
		return data, nil
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil || members == nil {
		return data, err // null, or an error json.Unmarshal reports too
	}
	out := make(map[string]json.RawMessage, len(members))
	for i := range t.NumField() {
		f := t.Field(i)
		m, ok := members[f.Name]
		if !ok || !f.IsExported() {
			continue
		}
		var err error
		if out[f.Name], err = exactMembers(m, f.Type); err != nil {
			return nil, err
		}
	}
	return json.Marshal(out)
}

// withoutNulls returns data, a JSON object, without its null members.
func withoutNulls(data []byte) ([]byte, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil || members == nil {
		return data, err
	}
	for k, v := range members {
		if string(v) == "null" {
			delete(members, k)
		}
	}
	return json.Marshal(members)
}
