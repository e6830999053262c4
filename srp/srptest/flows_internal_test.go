package srptest

import "testing"

// TestFlowAllowed: both names of the refresh flow are allowed by
// ALLOW_REFRESH_TOKEN_AUTH, and only the flows listed are allowed.
func TestFlowAllowed(t *testing.T) {
	c := &Config{ExplicitAuthFlows: []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}}
	for flow, want := range map[string]bool{
		"USER_SRP_AUTH": true, "REFRESH_TOKEN_AUTH": true, "REFRESH_TOKEN": true,
		"USER_AUTH": false, "CUSTOM_AUTH": false, "USER_PASSWORD_AUTH": false, "SRP_A": false,
	} {
		if got := c.flowAllowed(flow); got != want {
			t.Errorf("flowAllowed(%q) = %v, want %v", flow, got, want)
		}
	}
	def := &Config{}
	for flow, want := range map[string]bool{"USER_SRP_AUTH": true, "USER_AUTH": true, "CUSTOM_AUTH": true, "REFRESH_TOKEN": true, "USER_PASSWORD_AUTH": false} {
		if got := def.flowAllowed(flow); got != want {
			t.Errorf("default: flowAllowed(%q) = %v, want %v", flow, got, want)
		}
	}
}
