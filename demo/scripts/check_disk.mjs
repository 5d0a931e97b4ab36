// A Nagios-style plugin: the exit code is the level (0 OK, 1 WARNING, 2 CRITICAL),
// the first line is the result, and performance data follows the "|".
console.log("DISK CRITICAL - /srv/photos 97% used (error > 95%) | '/srv/photos'=97%;90;95;0;100");
process.exitCode = 2;
