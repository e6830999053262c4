package srp

import (
	"strconv"
	"time"
)

// FormatTimestamp returns the TIMESTAMP of a PASSWORD_VERIFIER response for t,
// as the AWS clients write it: English names, UTC, 24-hour clock, day of month
// not zero-padded, e.g. "Tue Mar 5 09:04:07 UTC 2024".
func FormatTimestamp(t time.Time) string {
	t = t.UTC()
	b := make([]byte, 0, 32)
	b = append(b, t.Weekday().String()[:3]...)
	b = append(b, ' ')
	b = append(b, t.Month().String()[:3]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(t.Day()), 10)
	b = append(b, ' ')
	b = append2(b, t.Hour())
	b = append(b, ':')
	b = append2(b, t.Minute())
	b = append(b, ':')
	b = append2(b, t.Second())
	b = append(b, " UTC "...)
	b = strconv.AppendInt(b, int64(t.Year()), 10)
	return string(b)
}

func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}
