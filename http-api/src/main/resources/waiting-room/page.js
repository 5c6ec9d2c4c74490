// The waiting room page: join the line, follow the ticket, then book with the admission token.
// Plain JavaScript run as it is written (no build step); it only talks to the node that served it.
'use strict';
(function () {
  var POLL_MILLIS = 5000;
  var venueId = decodeURIComponent(location.pathname.split('/')[2] || '');
  var venuePath = '/venues/' + encodeURIComponent(venueId);
  var room = byId('room');

  var customerId = null;
  var ticket = null;
  var firstPosition = null;
  var stopFollowing = function () {};
  // One key per slot tried, so a retry after an unknown outcome (503) cannot book twice.
  var idempotencyKeys = {};

  function byId(id) {
    return document.getElementById(id);
  }

  // Only real changes touch the DOM: the status region is aria-live, and rewriting the same text
  // every 5 s would make a screen reader repeat it.
  function setText(id, text) {
    var element = byId(id);
    if (element.textContent !== text) element.textContent = text;
  }

  function say(text) {
    setText('message', text || '');
  }

  function isTerminal(state) {
    return state === 'ADMITTED' || state === 'EXPIRED';
  }

  function describeProblem(response) {
    return response
      .json()
      .then(function (problem) {
        var title = problem.title || 'Request refused (' + response.status + ')';
        return problem.detail ? title + ': ' + problem.detail : title;
      })
      .catch(function () {
        return 'Request refused (' + response.status + ')';
      });
  }

  function minutes(seconds) {
    if (seconds === null || seconds === undefined) return '-';
    if (seconds < 60) return 'less than a minute';
    var m = Math.round(seconds / 60);
    return 'about ' + m + (m === 1 ? ' minute' : ' minutes');
  }

  var STATE_NAMES = {
    PREQUEUED: 'Waiting for the opening',
    WAITING: 'Waiting',
    ADMITTED: 'Your turn',
    EXPIRED: 'Admission expired',
    BOOKED: 'Booked'
  };

  function render(next) {
    ticket = next;
    room.dataset.state = next.state;
    room.dataset.ticket = next.ticketId;
    setText('state', STATE_NAMES[next.state] || next.state);
    setText('position', next.position === null || next.position === undefined ? '-' : String(next.position));
    setText('wait', next.state === 'ADMITTED' ? 'none' : minutes(next.estimatedWaitSeconds));
    setText('ticket-id', next.ticketId);
    setText('ticket-customer', next.customerId);
    var progress = byId('progress');
    if (next.state === 'WAITING' && typeof next.position === 'number') {
      if (firstPosition === null || next.position > firstPosition) firstPosition = next.position;
      // Moves from 1/(n+1) when first seen at place n towards n/(n+1) at place 1; full once admitted.
      progress.value = Math.round((100 * (firstPosition - next.position + 1)) / (firstPosition + 1));
      setText('progress-label', next.position === 1 ? 'You are next.' : (next.position - 1) + ' ahead of you.');
    } else if (next.state === 'PREQUEUED') {
      progress.removeAttribute('value');
      setText('progress-label', 'The line opens at ' + new Date(next.opensAt).toLocaleString() +
        '; everyone who joined before then gets a place drawn at random.');
    } else if (next.state === 'ADMITTED') {
      progress.value = 100;
      setText('progress-label', 'You are in.');
      admitted();
    } else if (next.state === 'EXPIRED') {
      progress.value = 0;
      setText('progress-label', 'Your admission has expired.');
      byId('booking').hidden = true;
    }
  }

  function follow() {
    var url = venuePath + '/waiting-room/tickets/' + encodeURIComponent(ticket.ticketId);
    if (isTerminal(ticket.state)) return;
    if (!window.EventSource) {
      poll(url);
      return;
    }
    var source = new EventSource(url + '/stream');
    stopFollowing = function () {
      source.close();
    };
    source.addEventListener('ticket', function (event) {
      render(JSON.parse(event.data));
      if (isTerminal(ticket.state)) stopFollowing();
    });
    // The stream broke before the end (a proxy that buffers, a node that left): poll instead.
    source.onerror = function () {
      source.close();
      if (!isTerminal(ticket.state)) poll(url);
    };
  }

  function poll(url) {
    var timer = null;
    var stopped = false;
    stopFollowing = function () {
      stopped = true;
      clearTimeout(timer);
    };
    function again() {
      if (!stopped) timer = setTimeout(once, POLL_MILLIS);
    }
    function once() {
      fetch(url, { headers: { Accept: 'application/json' } })
        .then(function (response) {
          if (response.ok) {
            return response.json().then(function (next) {
              say('');
              render(next);
              if (isTerminal(next.state)) stopFollowing();
              else again();
            });
          }
          if (response.status === 404) {
            say('This ticket is no longer known; join the line again.');
            byId('join').hidden = false;
            byId('join-button').disabled = false;
            return;
          }
          return describeProblem(response).then(function (text) {
            say(text);
            again();
          });
        })
        .catch(function () {
          say('The connection was lost; trying again.');
          again();
        });
    }
    once();
  }

  byId('venue').textContent = venueId;

  byId('join-form').addEventListener('submit', function (event) {
    event.preventDefault();
    say('');
    var input = byId('customer');
    var id = input.value.trim();
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(id)) {
      input.setAttribute('aria-invalid', 'true');
      say('A customer id is 1 to 64 letters, digits or . _ : -');
      input.focus();
      return;
    }
    input.removeAttribute('aria-invalid');
    var button = byId('join-button');
    button.disabled = true;
    fetch(venuePath + '/waiting-room/tickets', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ customerId: id })
    })
      .then(function (response) {
        if (response.status === 200 || response.status === 201) {
          return response.json().then(function (joined) {
            customerId = id;
            firstPosition = null;
            stopFollowing();
            byId('join').hidden = true;
            byId('ticket').hidden = false;
            render(joined);
            follow();
          });
        }
        if (response.status === 404) {
          bookDirectly(id, 'This venue has no waiting room: book directly.');
          return;
        }
        if (response.status === 409) {
          // waiting-room-not-open: too early to join (prequeueFrom ahead), or the room has closed.
          return response
            .clone()
            .json()
            .then(function (problem) {
              if (problem.prequeueFrom && Date.parse(problem.prequeueFrom) <= Date.now()) {
                bookDirectly(id, 'The waiting room has closed: book directly.');
                return;
              }
              button.disabled = false;
              return describeProblem(response).then(say);
            });
        }
        button.disabled = false;
        return describeProblem(response).then(say);
      })
      .catch(function () {
        button.disabled = false;
        say('The server could not be reached; try again.');
      });
  });

  // No room in front of the venue (or no longer): bookings need no admission.
  function bookDirectly(id, note) {
    customerId = id;
    byId('join').hidden = true;
    room.dataset.state = 'ADMITTED';
    byId('admission-note').textContent = note;
    loadDays();
  }

  // ---- booking, once admitted

  var bookingShown = false;

  function admitted() {
    if (ticket.admissionExpiresAt) {
      byId('admission-note').textContent =
        'Book before ' + new Date(ticket.admissionExpiresAt).toLocaleTimeString() + '.';
    }
    if (!bookingShown) loadDays();
  }

  function isoDate(date) {
    function two(n) {
      return n < 10 ? '0' + n : String(n);
    }
    return date.getFullYear() + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate());
  }

  function loadDays() {
    bookingShown = true;
    byId('booking').hidden = false;
    // From yesterday: the venue's day may lag the browser's by a time zone.
    var from = new Date(Date.now() - 86400000);
    var to = new Date(from.getTime() + 60 * 86400000);
    fetch(venuePath + '/calendar?from=' + isoDate(from) + '&to=' + isoDate(to))
      .then(function (response) {
        if (!response.ok) return describeProblem(response).then(say);
        return response.json().then(function (calendar) {
          var select = byId('day');
          select.textContent = '';
          calendar.days
            .filter(function (day) {
              return day.available > 0;
            })
            .forEach(function (day) {
              var option = document.createElement('option');
              option.value = day.date;
              option.textContent = day.date + ' (' + day.available + ' free)';
              select.appendChild(option);
            });
          if (select.options.length === 0) {
            say('No free seats in the next two months.');
            return;
          }
          loadSlots(select.value);
        });
      })
      .catch(function () {
        say('The server could not be reached; try again.');
      });
  }

  byId('day').addEventListener('change', function () {
    loadSlots(byId('day').value);
  });

  function loadSlots(date) {
    var fieldset = byId('slots');
    var button = byId('book-button');
    button.disabled = true;
    fetch(venuePath + '/days/' + date + '/slots')
      .then(function (response) {
        if (!response.ok) return describeProblem(response).then(say);
        return response.json().then(function (day) {
          Array.prototype.slice.call(fieldset.querySelectorAll('.slot')).forEach(function (old) {
            old.remove();
          });
          var free = 0;
          day.slots.forEach(function (slot) {
            var open = slot.status === 'OPEN' && slot.available > 0;
            if (open) free++;
            var label = document.createElement('label');
            label.className = 'slot';
            var radio = document.createElement('input');
            radio.type = 'radio';
            radio.name = 'slot';
            radio.value = slot.slotId;
            radio.id = 'slot-' + slot.slotId;
            radio.disabled = !open;
            radio.addEventListener('change', function () {
              button.disabled = false;
            });
            label.appendChild(radio);
            var text = slot.start.substring(11, 16) + ' to ' + slot.end.substring(11, 16) + ', ';
            text += open ? slot.available + ' free' : slot.status === 'OPEN' ? 'full' : 'closed';
            label.appendChild(document.createTextNode(text));
            fieldset.appendChild(label);
          });
          byId('slots-empty').hidden = free > 0;
        });
      })
      .catch(function () {
        say('The server could not be reached; try again.');
      });
  }

  function randomKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b < 16 ? '0' : '') + b.toString(16);
      })
      .join('');
  }

  byId('book-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var chosen = byId('slots').querySelector('input[name=slot]:checked');
    if (!chosen) {
      say('Pick a time first.');
      return;
    }
    say('');
    var slotId = chosen.value;
    var button = byId('book-button');
    button.disabled = true;
    idempotencyKeys[slotId] = idempotencyKeys[slotId] || randomKey();
    var headers = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Idempotency-Key': idempotencyKeys[slotId]
    };
    if (ticket && ticket.admission) headers.Admission = ticket.admission;
    fetch('/slots/' + encodeURIComponent(slotId) + '/bookings', {
      method: 'POST',
      headers: headers,
      body: JSON.stringify({ customerId: customerId, seats: 1 })
    })
      .then(function (response) {
        if (response.status === 200 || response.status === 201) {
          return response.json().then(function (booking) {
            room.dataset.state = 'BOOKED';
            room.dataset.booking = booking.bookingId;
            setText('state', STATE_NAMES.BOOKED);
            setText('booking-id', booking.bookingId);
            setText('booking-slot', booking.slotId);
            byId('booking').hidden = true;
            byId('done').hidden = false;
            byId('done-heading').focus();
          });
        }
        return describeProblem(response).then(function (text) {
          say(text);
          button.disabled = false;
          if (response.status === 409) loadSlots(byId('day').value);
        });
      })
      .catch(function () {
        button.disabled = false;
        say('The server could not be reached; press Book again to retry safely.');
      });
  });
})();
