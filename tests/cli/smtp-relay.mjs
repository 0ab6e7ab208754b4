// SPDX-License-Identifier: EUPL-1.2
// A real SMTP relay (npm smtp-server) on 127.0.0.1 for tests/cli/doctor.sh:
//   node smtp-relay.mjs starttls|plain   prints its port, serves until killed
// starttls offers STARTTLS (smtp-server's own test certificate), plain does not.
import { SMTPServer } from 'smtp-server';

const mode = process.argv[2] || 'starttls';
const server = new SMTPServer({
	logger: false,
	authOptional: true,
	disabledCommands: mode === 'plain' ? ['STARTTLS', 'AUTH'] : ['AUTH'],
	onData(stream, _session, cb) {
		stream.resume();
		stream.on('end', cb);
	},
});
server.listen(0, '127.0.0.1', () => console.log(server.server.address().port));
