// A Backstop line-protocol script: one [STATUS] line per metric.
//   [STATUS]^LEVEL^RESULT^METRIC^LINK
// A real one would read a sensor; the demo reports fixed levels.
// The config runs it as `command: [node, scripts/water-tank.mjs]`: the Node.js that runs Backstop.
console.log('[STATUS]^WARNING^Tank 34% (warn < 40%)^Community tank^https://example.com/tank');
console.log('[STATUS]^OK^Pump ran 2 hours ago^Pump');
// [STATE] lines are saved and passed back as environment variables next run.
console.log('[STATE]^LAST_LEVEL^34');
