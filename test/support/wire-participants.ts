/** Two participants as GWS sends them in a message's `from` or a session's participants. */
export const wireCustomer = {
  participantId: '009052CB05C900EA',
  nickname: 'Ann',
  type: 'Customer',
};

/** An agent carries the uri, path and visibility GWS adds to a message's sender. */
export const wireAgent = {
  participantId: '009052CB056C00E5',
  nickname: 'BFriend',
  type: 'Agent',
  uri: 'http://gws/api/v2/users/2',
  path: '/users/2',
  visibility: 'Agents',
};
