package estate

import "testing"

func TestContainsMarker(t *testing.T) {
	tests := []struct {
		text, marker string
		want         bool
	}{
		{`<set-backend-service base-url="https://f.net/api?code=abc" />`, "code=", true},
		{`<send-request><set-url>https://f.net/api?x=1&amp;code=abc</set-url>`, "code=", true},
		{`https://f.net/api?x=1&code=abc`, "code=", true},
		{`<check-header failed-check-httpcode="401" />`, "code=", false},
		{`failed-check-httpcode="401" then ?code=k`, "code=", true},
		{`code=k at the start`, "code=", false},
		{`https://s.blob.core.windows.net/c?sv=2020&sig=abc`, "sig=", true},
		{`<set-variable name="sig=" />`, "sig=", false},
		{`https://f.net/api?Code=abc`, "code=", true},
		{`https://s.blob.core.windows.net/c?sv=2020&amp;SIG=abc`, "sig=", true},
		{`https://s.blob.core.windows.net/c?sv=2020&ſig=abc`, "sig=", true},
		{`<set-variable name="é" value="x?code=1" />`, "code=", true},
		{`<set-variable name="é" value="xcode=1" />`, "code=", false},
		{`a=b=c ?co=de= ?codex=`, "code=", false},
		{`=code=`, "code=", false},
		{`Bearer eyJhbGciOi`, "eyJ", true},
		{`Bearer EYJhbGciOi`, "eyJ", false},
		{``, "eyJ", false},
	}
	for _, tt := range tests {
		if got := containsMarker(tt.text, tt.marker); got != tt.want {
			t.Errorf("containsMarker(%q, %q) = %v, want %v", tt.text, tt.marker, got, tt.want)
		}
	}
}
